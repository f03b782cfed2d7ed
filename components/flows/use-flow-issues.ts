"use client";
// Live validation on the canvas: each node's data against its type's schema (field errors,
// shown in the form), then checkFlow — the same checks the server runs before publishing,
// minus other flows' claims, which only the server knows. Of the server's issues (from
// loading, saving or publishing) the editor keeps those it cannot find itself
// (`serverOnlyIssues`), so a problem fixed here never lingers until the next save.
import { useMemo, useRef } from "react";
import { checkFlow, FLOW_DOCUMENT_VERSION, ZFlowDocument, type TFlowDocument, type TFlowIssue } from "@/lib/flows/document";
import { checkableData, fieldErrorMessages, fieldErrors, type TEditorEdge, type TEditorNode, type TFieldErrors } from "./graph";
import type { TEditorIssue } from "./api-types";

type TLocal = { issues: TFlowIssue[]; fieldErrorsByNode: ReadonlyMap<string, TFieldErrors>; documentValid: boolean; documentProblem: string | null };

type TFlows = ReadonlyMap<string, { name: string; published: boolean }>;
type TCheckNode = Pick<TEditorNode, "id" | "type" | "position"> & { data: unknown };
type TCheckEdge = Pick<TEditorEdge, "id" | "source" | "target"> & { sourceHandle?: string | null };

const issueKey = (i: TFlowIssue) => `${i.nodeId}\u0000${i.message}`;

function checkLocally(nodes: readonly TCheckNode[], edges: readonly TCheckEdge[], flows: TFlows): TLocal {
  const issues: TFlowIssue[] = [];
  const fieldErrorsByNode = new Map<string, TFieldErrors>();
  for (const n of nodes) {
    const errors = fieldErrors(n.type, n.data);
    if (errors.size === 0) continue;
    fieldErrorsByNode.set(n.id, errors);
    for (const message of fieldErrorMessages(n.type, n.data)) issues.push({ nodeId: n.id, severity: "error", message });
  }
  const doc: TFlowDocument = {
    version: FLOW_DOCUMENT_VERSION,
    nodes: nodes.map((n) => ({ id: n.id, type: n.type, position: n.position, data: checkableData(n.type, n.data) })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "next", target: e.target })),
  };
  try {
    issues.push(...checkFlow(doc, { flows, otherClaims: new Map() }));
  } catch {
    // Half-edited data a check cannot read: the field errors above already say what to fix.
  }
  const parsed = ZFlowDocument.safeParse(doc);
  const documentProblem = parsed.success ? null : (parsed.error.issues[0]?.message ?? "The flow is not valid.");
  if (documentProblem && fieldErrorsByNode.size === 0) issues.push({ nodeId: null, severity: "error", message: documentProblem });
  return { issues, fieldErrorsByNode, documentValid: parsed.success, documentProblem };
}

/** The issues of `doc` (as the server reported them) that the editor's own checks do not find. */
export function serverOnlyIssues(issues: readonly TFlowIssue[], doc: TFlowDocument, flows: TFlows): TFlowIssue[] {
  const local = new Set(checkLocally(doc.nodes, doc.edges, flows).issues.map(issueKey));
  return issues.filter((i) => !local.has(issueKey(i)));
}

export function useFlowIssues(nodes: readonly TEditorNode[], edges: readonly TEditorEdge[], flows: TFlows, serverIssues: readonly TFlowIssue[]) {
  // Re-check only when what the checks read changes (not on moves, selection or measuring).
  const contentKey = JSON.stringify([nodes.map((n) => [n.id, n.type, n.data]), edges.map((e) => [e.id, e.source, e.sourceHandle, e.target])]);
  const latest = useRef({ nodes, edges });
  latest.current = { nodes, edges };
  const local = useMemo(() => checkLocally(latest.current.nodes, latest.current.edges, flows), [contentKey, flows]);
  const idsKey = nodes.map((n) => n.id).join("\u0000");

  return useMemo(() => {
    const seen = new Set(local.issues.map(issueKey));
    const ids = new Set(idsKey.split("\u0000"));
    const all: TEditorIssue[] = [
      ...local.issues.map((i) => ({ ...i, source: "editor" as const })),
      ...serverIssues.filter((i) => !seen.has(issueKey(i)) && (i.nodeId === null || ids.has(i.nodeId))).map((i) => ({ ...i, source: "server" as const })),
    ];
    const byNode = new Map<string, TEditorIssue[]>();
    for (const i of all) if (i.nodeId) byNode.set(i.nodeId, [...(byNode.get(i.nodeId) ?? []), i]);
    const errors = all.filter((i) => i.severity === "error");
    return {
      all,
      byNode,
      fieldErrorsByNode: local.fieldErrorsByNode,
      documentValid: local.documentValid,
      localErrorCount: local.issues.filter((i) => i.severity === "error").length,
      errorCount: errors.length,
      warningCount: all.length - errors.length,
    };
  }, [local, serverIssues, idsKey]);
}
