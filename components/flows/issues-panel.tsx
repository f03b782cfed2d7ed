"use client";
// Every problem of the flow under the canvas; choosing one selects and centres its node.
import { nodeDefinition } from "@/lib/flows/nodes";
import { cn } from "../ui/cn";
import type { TEditorIssue } from "./api-types";
import type { TEditorNode } from "./graph";

export function IssuesPanel({ issues, nodes, onPick, onClose }: { issues: readonly TEditorIssue[]; nodes: readonly TEditorNode[]; onPick: (nodeId: string) => void; onClose: () => void }) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return (
    <section className="flex max-h-56 shrink-0 flex-col border-t border-slate-200 bg-white" aria-labelledby="issues-title" data-testid="issues-panel">
      <header className="flex items-center gap-3 border-b border-slate-100 px-4 py-2">
        <h2 id="issues-title" className="text-sm font-semibold text-slate-800">Problems</h2>
        <span className="text-xs text-slate-500">
          {errors} {errors === 1 ? "error" : "errors"} · {warnings} {warnings === 1 ? "warning" : "warnings"}
        </span>
        <button type="button" className="ml-auto text-sm text-slate-500 hover:text-slate-900" onClick={onClose} aria-label="Close problems">✕</button>
      </header>
      {issues.length === 0 ? (
        <p className="px-4 py-3 text-sm text-emerald-700">No problems: the flow can be published.</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-y-auto">
          {issues.map((i, k) => {
            const node = i.nodeId ? byId.get(i.nodeId) : undefined;
            const body = (
              <>
                <span className={cn("mt-0.5 inline-flex size-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold", i.severity === "error" ? "bg-red-600 text-white" : "bg-amber-400 text-amber-950")} aria-label={i.severity}>
                  {i.severity === "error" ? "✕" : "!"}
                </span>
                <span className="w-36 shrink-0 truncate text-slate-500">{node ? `${node.id} · ${nodeDefinition(node.type).label}` : "Flow"}</span>
                <span className="text-slate-800">{i.message}</span>
                {i.source === "server" && <span className="ml-auto shrink-0 text-[10px] uppercase tracking-wide text-slate-400">server</span>}
              </>
            );
            return (
              <li key={k} data-testid="issue" data-node-id={i.nodeId ?? ""} data-severity={i.severity}>
                {node ? (
                  <button type="button" className="flex w-full items-start gap-2 px-4 py-1.5 text-left text-sm hover:bg-slate-50" onClick={() => onPick(node.id)}>
                    {body}
                  </button>
                ) : (
                  <div className="flex items-start gap-2 px-4 py-1.5 text-sm">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
