// Flow documents for tests, written compactly: `node("m1", "send-message", { text: "Hi" })`
// fills the node type's defaults; `flow(nodes, [["t1", "next", "m1"], …])` adds edge ids.
import { FLOW_DOCUMENT_VERSION, type TFlowDocument, type TFlowNode } from "@/lib/flows/document";
import { nodeDefinition, type TNodeType } from "@/lib/flows/nodes";

export function node(id: string, type: TNodeType, data: Record<string, unknown> = {}, position = { x: 0, y: 0 }): TFlowNode {
  return { id, type, position, data: { ...(nodeDefinition(type).defaults() as Record<string, unknown>), ...data } };
}

export function flow(nodes: TFlowNode[], edges: [source: string, output: string, target: string][] = []): TFlowDocument {
  return {
    version: FLOW_DOCUMENT_VERSION,
    nodes,
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i + 1}`, source, sourceHandle, target })),
  };
}

/** `/command` → one message: the smallest flow that publishes. */
export function commandReply(command: string, text: string, payload: { payload?: string; value?: string } = {}): TFlowDocument {
  return flow([node("t1", "command", { command, ...payload }), node("m1", "send-message", { text })], [["t1", "next", "m1"]]);
}
