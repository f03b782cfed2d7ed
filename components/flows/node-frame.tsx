"use client";
// The frame of every node on the canvas: header (icon, label, id, 7-day count, problems),
// the type's own body (lib/flows/nodes/<type>/canvas.tsx), and one labelled source handle
// per output; non-trigger nodes get the one input handle "in" on the left.
import { Component, memo, useEffect, useMemo, type ReactNode } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { nodeDefinition, NODE_DEFINITIONS } from "@/lib/flows/nodes";
import { NODE_CANVAS } from "@/lib/flows/nodes/canvas";
import { cn } from "../ui/cn";
import { useCanvasContext } from "./canvas-context";
import { categoryLook } from "./categories";
import { safeOutputs, TARGET_HANDLE, type TEditorNode } from "./graph";

const HANDLE_STYLE = { width: 12, height: 12, border: "2px solid white", boxShadow: "0 0 0 1px rgb(148 163 184)" };

/** A body that throws on half-edited data shows a note instead of breaking the canvas. */
class BodyBoundary extends Component<{ data: unknown; children: ReactNode }, { failed: boolean; data: unknown }> {
  state = { failed: false, data: this.props.data };
  static getDerivedStateFromProps(props: { data: unknown }, state: { data: unknown }) {
    return props.data !== state.data ? { failed: false, data: props.data } : null;
  }
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <p className="italic text-slate-400">Fix the fields of this step to preview it.</p> : this.props.children;
  }
}

export const FlowNodeFrame = memo(function FlowNodeFrame({ id, type, data, selected }: NodeProps<TEditorNode>) {
  const def = nodeDefinition(type);
  const { issuesByNode, stats, flows } = useCanvasContext();
  const outputs = useMemo(() => safeOutputs(type, data) ?? [], [type, data]);
  const outputsKey = outputs.map((o) => o.id).join("\u0000");
  const updateNodeInternals = useUpdateNodeInternals();
  // Handles come and go with buttons and options: let React Flow measure them again.
  useEffect(() => updateNodeInternals(id), [id, outputsKey, updateNodeInternals]);

  const issues = issuesByNode.get(id) ?? [];
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.length - errors.length;
  const reached = stats?.[id];
  const trigger = def.category === "trigger";
  const { Body } = NODE_CANVAS[type];

  return (
    <div
      data-testid="flow-node"
      data-node-id={id}
      data-node-type={type}
      data-problems={errors.length > 0 ? "error" : warnings > 0 ? "warning" : "none"}
      className={cn(
        "w-60 rounded-lg border bg-white text-xs shadow-sm transition-shadow",
        errors.length > 0 ? "border-red-500 ring-2 ring-red-200" : warnings > 0 ? "border-amber-400" : "border-slate-300",
        selected && "shadow-md outline-2 outline-offset-2 outline-brand-500",
      )}
    >
      {!trigger && (
        <Handle type="target" position={Position.Left} id={TARGET_HANDLE} data-testid={`handle-${id}-in`} aria-label={`Input of ${id}`} style={{ ...HANDLE_STYLE, top: 18, background: "rgb(100 116 139)" }} />
      )}
      <header className={cn("flex items-center gap-1.5 rounded-t-lg border-b border-slate-100 px-3 py-2", categoryLook(def.category).header)}>
        <span className="w-4 shrink-0 text-center" aria-hidden>{def.icon}</span>
        <span className="truncate font-semibold">{def.label}</span>
        <span className="shrink-0 font-mono text-[10px] opacity-50">{id}</span>
        <span className="ml-auto flex shrink-0 items-center gap-1">
          {reached !== undefined && (
            <span className="rounded-full bg-white/80 px-1.5 py-0.5 text-[10px] font-medium text-slate-700 ring-1 ring-slate-200" title={`${reached} users reached this step in the last 7 days`} data-testid="node-stats">
              <span aria-hidden>👤 </span>{reached.toLocaleString("en-US")}
              <span className="sr-only"> users in 7 days</span>
            </span>
          )}
          {issues.length > 0 && (
            <span
              className={cn("rounded-full px-1.5 py-0.5 text-[10px] font-semibold", errors.length > 0 ? "bg-red-600 text-white" : "bg-amber-400 text-amber-950")}
              title={issues.map((i) => i.message).join("\n")}
              data-testid="node-problems"
            >
              {errors.length > 0 ? `${errors.length} ✕` : `${warnings} !`}
              <span className="sr-only"> {errors.length > 0 ? "errors" : "warnings"}</span>
            </span>
          )}
        </span>
      </header>
      <div className="space-y-1 px-3 py-2 leading-snug">
        <BodyBoundary data={data}>
          <Body data={data} flows={flows} />
        </BodyBoundary>
        {errors[0] && <p className="text-[11px] text-red-700" data-testid="node-first-problem">{errors[0].message}</p>}
      </div>
      {outputs.length > 0 && (
        <ul className="border-t border-slate-100 py-1" aria-label="Outputs">
          {outputs.map((o) => (
            <li key={o.id} className="relative flex min-h-6 items-center justify-end py-0.5 pr-4 pl-3 text-[11px] text-slate-600">
              <span className="truncate" title={o.label}>{o.label}</span>
              <Handle type="source" position={Position.Right} id={o.id} data-testid={`handle-${id}-${o.id}`} aria-label={`Output “${o.label}” of ${id}`} style={{ ...HANDLE_STYLE, background: o.required ? "rgb(79 70 229)" : "rgb(148 163 184)" }} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

/** Every node type is drawn by the frame (stable object: React Flow warns on a new one per render). */
export const NODE_TYPES = Object.fromEntries(NODE_DEFINITIONS.map((d) => [d.type, FlowNodeFrame]));
