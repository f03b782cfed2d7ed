// A flow is a versioned JSON document: nodes (typed by lib/flows/nodes) and edges from a
// node's output to another node. `parseFlowDocument` is the contract of the editor's
// autosave, the API and publishing: it migrates older versions, then validates the
// structure, naming the bad node. `checkFlow` finds what blocks publishing (shown on the canvas).
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { formatPath } from "../errors/format-path";
import { fieldLabel } from "./field-label";
import { NODE_DEFINITIONS, TRIGGER_TYPES, nodeDefinition } from "./nodes";
import type { TNodeCheckContext } from "./define-node";

export const FLOW_DOCUMENT_VERSION = 2;
export const MAX_NODES = 200;

export const ZNodeId = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, "node ids are 1–16 letters, digits, _ or -");
const ZPosition = z.object({ x: z.number().finite(), y: z.number().finite() });

const nodeSchemas = NODE_DEFINITIONS.map((d) => z.object({ id: ZNodeId, type: z.literal(d.type), position: ZPosition, data: d.schema }));
export const ZFlowNode = z.discriminatedUnion("type", nodeSchemas as unknown as [(typeof nodeSchemas)[number], ...(typeof nodeSchemas)[number][]]);

export type TFlowNode = { id: string; type: (typeof NODE_DEFINITIONS)[number]["type"]; position: { x: number; y: number }; data: unknown };

export const ZFlowEdge = z.object({
  id: z.string().min(1).max(64),
  source: ZNodeId,
  /** The source node's output (see each node type's `outputs`). */
  sourceHandle: z.string().min(1).max(40),
  target: ZNodeId,
});
export type TFlowEdge = z.infer<typeof ZFlowEdge>;

export const ZFlowDocument = z
  .object({
    version: z.literal(FLOW_DOCUMENT_VERSION),
    nodes: z.array(ZFlowNode).max(MAX_NODES, `a flow has at most ${MAX_NODES} nodes`),
    edges: z.array(ZFlowEdge).max(MAX_NODES * 8),
  })
  .superRefine((doc, ctx) => {
    const nodes = new Map<string, (typeof doc.nodes)[number]>();
    doc.nodes.forEach((n, i) => {
      if (nodes.has(n.id)) ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `two nodes have the id ${n.id}` });
      nodes.set(n.id, n);
    });
    const used = new Set<string>();
    const edgeIds = new Set<string>();
    doc.edges.forEach((e, i) => {
      const at = (field: string, message: string) => ctx.addIssue({ code: "custom", path: ["edges", i, field], message });
      if (edgeIds.has(e.id)) at("id", `two edges have the id ${e.id}`);
      edgeIds.add(e.id);
      const source = nodes.get(e.source);
      const target = nodes.get(e.target);
      if (!source) return at("source", `edge ${e.id} starts at node ${e.source}, which does not exist`);
      if (!target) return at("target", `edge ${e.id} ends at node ${e.target}, which does not exist`);
      if (TRIGGER_TYPES.has(target.type)) at("target", `edge ${e.id} ends at trigger ${e.target}: triggers have no input`);
      const outputs = nodeDefinition(source.type).outputs(source.data as never);
      if (!outputs.some((o) => o.id === e.sourceHandle)) at("sourceHandle", `node ${e.source} has no output “${e.sourceHandle}”`);
      const key = `${e.source}\u0000${e.sourceHandle}`;
      if (used.has(key)) at("sourceHandle", `output “${e.sourceHandle}” of node ${e.source} is connected twice`);
      used.add(key);
    });
  });

export type TFlowDocument = { version: typeof FLOW_DOCUMENT_VERSION; nodes: TFlowNode[]; edges: TFlowEdge[] };

export const EMPTY_DOCUMENT: TFlowDocument = { version: FLOW_DOCUMENT_VERSION, nodes: [], edges: [] };

// ---- migrations -----------------------------------------------------------------------
// v1 (the first document format): edges were `{from, port, to}` and a send-message node's
// buttons were one flat list (one per row). Each step takes version n to n + 1.
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1: (doc) => ({
    ...doc,
    version: 2,
    nodes: (Array.isArray(doc.nodes) ? doc.nodes : []).map((n: Record<string, unknown>) => {
      const data = (n?.data ?? {}) as Record<string, unknown>;
      if (n?.type === "send-message" && Array.isArray(data.buttons) && data.buttons.every((b) => !Array.isArray(b))) {
        return { ...n, data: { ...data, buttons: data.buttons.map((b) => [b]) } };
      }
      return n;
    }),
    edges: (Array.isArray(doc.edges) ? doc.edges : []).map((e: Record<string, unknown>, i: number) =>
      e && "from" in e ? { id: String(e.id ?? `e${i + 1}`), source: e.from, sourceHandle: e.port ?? "next", target: e.to } : e,
    ),
  }),
};

/** Brings a stored or submitted document of any known version to the current one. */
export function migrateFlowDocument(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.version === "number" ? doc.version : 1;
  while (version < FLOW_DOCUMENT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    doc = step(doc);
    version = doc.version as number;
  }
  return doc;
}

function describeNode(raw: unknown, index: number): string {
  const n = (raw ?? {}) as { id?: unknown; type?: unknown };
  const def = typeof n.type === "string" ? NODE_DEFINITIONS.find((d) => d.type === n.type) : undefined;
  return `node ${typeof n.id === "string" ? n.id : `#${index + 1}`}${def ? ` (${def.label})` : ""}`;
}

/** A stored document (any version) migrated and parsed, or null when it no longer parses. */
export function readFlowDocument(raw: unknown): TFlowDocument | null {
  const parsed = ZFlowDocument.safeParse(migrateFlowDocument(raw));
  return parsed.success ? (parsed.data as TFlowDocument) : null;
}

/** Migrates and validates; a 400 naming the bad node (and field) otherwise. */
export function parseFlowDocument(raw: unknown): TFlowDocument {
  const migrated = migrateFlowDocument(raw);
  const parsed = ZFlowDocument.safeParse(migrated);
  if (parsed.success) return parsed.data as TFlowDocument;
  const nodes = (migrated as { nodes?: unknown[] })?.nodes;
  const edges = (migrated as { edges?: unknown[] })?.edges;
  const nodeIds = new Set(Array.isArray(nodes) ? nodes.map((n) => (n as { id?: unknown })?.id) : []);
  const issues = parsed.error.issues.map((i) => {
    const [head, index, ...rest] = i.path;
    if (head === "nodes" && typeof index === "number") {
      const raw = Array.isArray(nodes) ? nodes[index] : undefined;
      const nodeId = (raw as { id?: unknown })?.id;
      return { path: formatPath(i.path), nodeId: typeof nodeId === "string" ? nodeId : null, message: `${describeNode(raw, index)}${rest.length > 1 && rest[0] === "data" ? `, ${fieldLabel(rest.slice(1))}` : rest.length ? `, ${formatPath(rest)}` : ""}: ${i.message}` };
    }
    // A bad edge belongs to the node it starts at (when that node exists), so the canvas can show it there.
    const source = head === "edges" && typeof index === "number" && Array.isArray(edges) ? (edges[index] as { source?: unknown })?.source : undefined;
    const nodeId = typeof source === "string" && nodeIds.has(source) ? source : null;
    return { path: formatPath(i.path), nodeId, message: i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message };
  });
  throw new AppError("INVALID_INPUT", issues[0]?.message ?? "The flow document is not valid.", { issues });
}

// ---- checks before publishing ---------------------------------------------------------

export type TFlowIssue = { nodeId: string | null; severity: "error" | "warning"; message: string };

/** What a trigger claims, to refuse two published flows answering the same thing. */
export function triggerClaim(node: TFlowNode): string | null {
  const d = node.data as Record<string, string>;
  switch (node.type) {
    case "command":
      return `/${d.command}${d.payload === "any" ? "" : ` ${d.payload}:${d.value ?? ""}`}`;
    case "keyword":
      return `keyword ${d.match}:${d.caseSensitive ? d.value : String(d.value).toLowerCase()}`;
    case "deep-link":
      return `/start ${d.match}:${d.payload}`;
    case "button-click":
      return `button ${d.match}:${d.data}`;
    default:
      return null;
  }
}

/**
 * Two triggers collide when they claim exactly the same thing. A more specific trigger
 * (a deep link, a command with a payload match) next to `/start` with any payload is not a
 * collision: the specific one wins (see runtime/compile.ts).
 */
export function claimsCollide(a: string, b: string): boolean {
  return a === b;
}

export type TFlowCheckContext = TNodeCheckContext & {
  /** Claims of the bot's other published flows: claim → flow name. */
  otherClaims: ReadonlyMap<string, string>;
};

export function checkFlow(doc: TFlowDocument, ctx: TFlowCheckContext): TFlowIssue[] {
  const issues: TFlowIssue[] = [];
  const triggers = doc.nodes.filter((n) => TRIGGER_TYPES.has(n.type));
  if (triggers.length === 0) issues.push({ nodeId: null, severity: "error", message: "The flow has no trigger: add a command, keyword, deep link or button click to start it." });

  const out = new Map<string, string[]>();
  for (const e of doc.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const connected = new Set(doc.edges.map((e) => `${e.source}\u0000${e.sourceHandle}`));

  const reachable = new Set<string>();
  const stack = triggers.map((t) => t.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...(out.get(id) ?? []));
  }

  const claims = new Map<string, string>();
  for (const node of doc.nodes) {
    const def = nodeDefinition(node.type);
    for (const message of def.check?.(node.data as never, ctx) ?? []) issues.push({ nodeId: node.id, severity: "error", message });
    for (const o of def.outputs(node.data as never)) {
      if (connected.has(`${node.id}\u0000${o.id}`)) continue;
      if (TRIGGER_TYPES.has(node.type)) issues.push({ nodeId: node.id, severity: "error", message: "This trigger leads nowhere: connect it to the first step." });
      else if (o.required) issues.push({ nodeId: node.id, severity: "error", message: `“${o.label}” is not connected: pressing it would do nothing.` });
      else if (o.id !== "next") issues.push({ nodeId: node.id, severity: "warning", message: `“${o.label}” is not connected: the flow ends there.` });
    }
    if (!TRIGGER_TYPES.has(node.type) && !reachable.has(node.id)) {
      issues.push({ nodeId: node.id, severity: "error", message: "No trigger leads here: connect this step or delete it." });
    }
    const claim = triggerClaim(node);
    if (claim) {
      for (const [other, flowName] of ctx.otherClaims) {
        if (claimsCollide(claim, other)) issues.push({ nodeId: node.id, severity: "error", message: `${claim.split(" ")[0]} is already answered by the published flow “${flowName}”.` });
      }
      for (const [other, otherNode] of claims) {
        if (claimsCollide(claim, other)) issues.push({ nodeId: node.id, severity: "error", message: `Node ${otherNode} of this flow already answers ${claim.split(" ")[0]}.` });
      }
      claims.set(claim, node.id);
    }
  }
  return issues;
}
