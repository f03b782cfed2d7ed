// Pure helpers of the editor: the React Flow graph ⇄ the flow document, short ids,
// outputs that never throw, field errors from a node type's zod schema.
import type { Edge, Node } from "@xyflow/react";
import { FLOW_DOCUMENT_VERSION, type TFlowDocument } from "@/lib/flows/document";
import type { TNodeOutput } from "@/lib/flows/define-node";
import { nodeDefinition, type TNodeType } from "@/lib/flows/nodes";
import { formatPath } from "@/lib/errors/format-path";
import { fieldLabel } from "@/lib/flows/field-label";

export type TEditorNode = Node<Record<string, unknown>, TNodeType>;
export type TEditorEdge = Edge;

export const TARGET_HANDLE = "in";
/** Used to place nodes before they are measured. */
export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 140;

export function toDocument(nodes: readonly TEditorNode[], edges: readonly TEditorEdge[]): TFlowDocument {
  return {
    version: FLOW_DOCUMENT_VERSION,
    nodes: nodes.map((n) => ({ id: n.id, type: n.type, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) }, data: n.data })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "next", target: e.target })),
  };
}

/** What a screen reader announces for a node on the canvas. */
export const nodeAriaLabel = (id: string, type: string) => `${nodeDefinition(type).label} step ${id}`;

/** Nodes of a document; `previous` keeps each surviving node's measured size and selection. */
export function nodesFromDocument(doc: TFlowDocument, previous: readonly TEditorNode[] = []): TEditorNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return doc.nodes.map((n) => {
    const old = before.get(n.id);
    const data = (n.data && typeof n.data === "object" ? n.data : {}) as Record<string, unknown>;
    return { id: n.id, type: n.type, position: n.position, data, ariaLabel: nodeAriaLabel(n.id, n.type), ...(old?.measured ? { measured: old.measured } : {}), selected: old?.selected ?? false };
  });
}

export function edgesFromDocument(doc: TFlowDocument, previous: readonly TEditorEdge[] = []): TEditorEdge[] {
  const selected = new Set(previous.filter((e) => e.selected).map((e) => e.id));
  return doc.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: TARGET_HANDLE, selected: selected.has(e.id) }));
}

function nextNumber(ids: Iterable<string>, prefix: string): number {
  let max = 0;
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  for (const id of ids) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** "n1", "n2"… (the highest number in use + 1). */
export const nextNodeId = (nodes: readonly { id: string }[]) => `n${nextNumber(nodes.map((n) => n.id), "n")}`;
export const nextEdgeId = (edges: readonly { id: string }[]) => `e${nextNumber(edges.map((e) => e.id), "e")}`;
/** Ids of buttons, options and branches: "b1", "o2"… (≤ 12 characters). */
export const nextItemId = (prefix: string, ids: readonly string[]) => `${prefix}${nextNumber(ids, prefix)}`;

/** A node's outputs; data being edited may be half-valid, so this never throws (null: unknown). */
export function safeOutputs(type: string, data: unknown): TNodeOutput[] | null {
  try {
    return nodeDefinition(type).outputs(data as never);
  } catch {
    return null;
  }
}

export type TFieldErrors = ReadonlyMap<string, string>;

/** The field's errors as the problems list says them: "Option 2 label: an option needs a label". */
export function fieldErrorMessages(type: string, data: unknown): string[] {
  const parsed = nodeDefinition(type).schema.safeParse(data);
  if (parsed.success) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of parsed.error.issues) {
    const key = formatPath(issue.path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue.path.length ? `${fieldLabel(issue.path)}: ${issue.message}` : issue.message);
  }
  return out;
}

/** The node's data checked against its type's schema: field path ("options[1].label") → message. */
export function fieldErrors(type: string, data: unknown): TFieldErrors {
  const parsed = nodeDefinition(type).schema.safeParse(data);
  const errors = new Map<string, string>();
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const key = formatPath(issue.path);
    if (!errors.has(key)) errors.set(key, issue.message);
  }
  return errors;
}

/** The parsed data when valid (so checks see normalised values, as the server will), else the raw data. */
export function checkableData(type: string, data: unknown): unknown {
  const parsed = nodeDefinition(type).schema.safeParse(data);
  return parsed.success ? parsed.data : data;
}

type TRect = { x: number; y: number; w: number; h: number };
const overlaps = (a: TRect, b: TRect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The first spot at or below `at` where a new node does not cover another one. */
export function freeSpot(nodes: readonly TEditorNode[], at: { x: number; y: number }): { x: number; y: number } {
  const rects = nodes.map((n) => ({ x: n.position.x - 24, y: n.position.y - 24, w: (n.measured?.width ?? NODE_WIDTH) + 48, h: (n.measured?.height ?? NODE_HEIGHT) + 48 }));
  const spot = { x: Math.round(at.x), y: Math.round(at.y) };
  for (let i = 0; i < 60 && rects.some((r) => overlaps(r, { ...spot, w: NODE_WIDTH, h: NODE_HEIGHT })); i++) spot.y += 60;
  return spot;
}
