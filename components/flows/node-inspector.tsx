"use client";
// The side panel for one selected node: what it is, its problems, its form (from the
// node type's canvas module), where each output leads (a keyboard way to connect), and
// duplicate / delete.
import { useId } from "react";
import { nodeDefinition, TRIGGER_TYPES } from "@/lib/flows/nodes";
import { NODE_CANVAS } from "@/lib/flows/nodes/canvas";
import { Button } from "../ui/button";
import { Select } from "../ui/input";
import { cn } from "../ui/cn";
import type { TEditorIssue } from "./api-types";
import { safeOutputs, type TEditorEdge, type TEditorNode, type TFieldErrors } from "./graph";
import type { TEditorOptions } from "./node-form";

const NO_ERRORS: TFieldErrors = new Map();

export function nodeTitle(n: TEditorNode): string {
  return `${n.id} · ${nodeDefinition(n.type).label}`;
}

export function IssueList({ issues }: { issues: readonly TEditorIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="space-y-1" data-testid="inspector-problems">
      {issues.map((i, k) => (
        <li key={k} className={cn("rounded-md px-2 py-1.5 text-xs", i.severity === "error" ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900")} role={i.severity === "error" ? "alert" : undefined}>
          <span aria-hidden>{i.severity === "error" ? "✕ " : "! "}</span>
          {i.message}
          {i.source === "server" && <span className="ml-1 text-[10px] uppercase tracking-wide opacity-60">server</span>}
        </li>
      ))}
    </ul>
  );
}

function OutputTarget({ node, output, nodes, edges, onConnect }: {
  node: TEditorNode; output: { id: string; label: string; required: boolean }; nodes: readonly TEditorNode[]; edges: readonly TEditorEdge[]; onConnect: (target: string | null) => void;
}) {
  const id = useId();
  const current = edges.find((e) => e.source === node.id && e.sourceHandle === output.id)?.target ?? "";
  const targets = nodes.filter((n) => n.id !== node.id && !TRIGGER_TYPES.has(n.type));
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block truncate text-sm text-slate-700" title={output.label}>
        {output.label}
        {output.required && !current && <span className="text-red-600"> *</span>}
      </label>
      <Select id={id} className="h-8 w-full text-sm" title={current ? `→ ${nodeTitle(targets.find((t) => t.id === current) ?? node)}` : undefined} value={current} onChange={(e) => onConnect(e.target.value || null)}>
        <option value="">{output.required ? "— not connected —" : "— ends the flow —"}</option>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>→ {nodeTitle(t)}</option>
        ))}
      </Select>
    </div>
  );
}

export function NodeInspector({ node, nodes, edges, issues, fieldErrors, options, reached, onChange, onConnect, onDuplicate, onDelete }: {
  node: TEditorNode;
  nodes: readonly TEditorNode[];
  edges: readonly TEditorEdge[];
  issues: readonly TEditorIssue[];
  fieldErrors: TFieldErrors | undefined;
  options: TEditorOptions;
  reached: number | undefined;
  onChange: (data: Record<string, unknown>) => void;
  onConnect: (output: string, target: string | null) => void;
  onDuplicate: () => void;
  onDelete: () => void;
}) {
  const def = nodeDefinition(node.type);
  const { Form } = NODE_CANVAS[node.type];
  const outputs = safeOutputs(node.type, node.data) ?? [];
  return (
    <div className="space-y-4" data-testid="node-inspector" data-node-id={node.id}>
      <header>
        <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
          <span aria-hidden>{def.icon}</span>
          {def.label}
          <span className="font-mono text-xs font-normal text-slate-400">{node.id}</span>
        </h2>
        <p className="mt-0.5 text-xs text-slate-500">{def.description}</p>
        {reached !== undefined && <p className="mt-1 text-xs text-slate-600">👤 {reached.toLocaleString("en-US")} users reached this step in the last 7 days.</p>}
      </header>
      <IssueList issues={issues} />
      <form className="space-y-3" onSubmit={(e) => e.preventDefault()} aria-label={`${def.label} settings`}>
        <Form nodeId={node.id} data={node.data} onChange={(d) => onChange(d as Record<string, unknown>)} errors={fieldErrors ?? NO_ERRORS} options={options} />
      </form>
      {outputs.length > 0 && (
        <section className="space-y-2 border-t border-slate-100 pt-3" aria-labelledby={`outputs-${node.id}`}>
          <h3 id={`outputs-${node.id}`} className="text-sm font-medium text-slate-700">Then</h3>
          {outputs.map((o) => (
            <OutputTarget key={o.id} node={node} output={o} nodes={nodes} edges={edges} onConnect={(target) => onConnect(o.id, target)} />
          ))}
        </section>
      )}
      <div className="flex gap-2 border-t border-slate-100 pt-3">
        <Button variant="secondary" size="sm" onClick={onDuplicate}>Duplicate</Button>
        <Button variant="danger" size="sm" onClick={onDelete}>Delete step</Button>
      </div>
    </div>
  );
}
