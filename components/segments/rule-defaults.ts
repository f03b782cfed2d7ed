// New nodes for the builder, and small tree edits. Every node carries an `id` so React
// keeps each editor's state attached to its node while the tree changes.
import type { TConditionRule, TGroupRule, TRuleNode } from "@/lib/segments/rules";

export type TConditionType = TConditionRule["type"];

export const CONDITION_LABELS: Record<TConditionType, string> = {
  tag: "Tag",
  event: "Event",
  lifecycle: "Lifecycle stage",
  seen: "First / last seen",
  attribute: "Attribute",
  source: "Source",
  language: "Language",
  status: "Blocked / unsubscribed",
  premium: "Telegram Premium",
  value: "Value (count / sum)",
  segment: "In another segment",
  campaign: "Campaign",
};

export function newId(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function newGroup(op: "and" | "or" = "and", children: TRuleNode[] = []): TGroupRule {
  return { id: newId(), type: "group", op, not: false, children };
}

export function newCondition(type: TConditionType): TConditionRule {
  const id = newId();
  switch (type) {
    case "tag": return { id, type, op: "has", match: "any", tagIds: [] };
    case "event": return { id, type, name: "", did: true, count: { op: "at_least", n: 1 }, window: { kind: "last_days", days: 30 } };
    case "lifecycle": return { id, type, stages: ["active"] };
    case "seen": return { id, type, field: "last", op: "within_days", days: 7 };
    case "attribute": return { id, type, key: "", valueType: "text", op: "eq", value: "" };
    case "source": return { id, type, op: "is", values: [] };
    case "language": return { id, type, languages: [] };
    case "status": return { id, type, status: "reachable" };
    case "premium": return { id, type, value: true };
    case "value": return { id, type, event: "purchase", measure: "sum", property: "amount", op: "gt", value: 0 };
    case "segment": return { id, type, segmentId: "", in: true };
    case "campaign": return { id, type, campaignId: "", interaction: "received" };
  }
}

/** Gives every node of a stored tree an id (stored trees may lack them). */
export function withIds(node: TRuleNode): TRuleNode {
  const id = node.id ?? newId();
  return node.type === "group" ? { ...node, id, children: node.children.map(withIds) } : { ...node, id };
}

/** The tree without builder-only ids, as sent to the server. */
export function stripIds(node: TRuleNode): TRuleNode {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id: _id, ...rest } = node;
  return rest.type === "group" ? ({ ...rest, children: rest.children.map(stripIds) } as TRuleNode) : (rest as TRuleNode);
}

/** A condition still as "+ Add condition" made it: nothing chosen yet (its errors are hints). */
export function isPristine(node: TRuleNode): boolean {
  return node.type !== "group" && stable(stripIds(node)) === stable(stripIds(newCondition(node.type)));
}

/** JSON with object keys sorted, so equal trees give equal text. */
function stable(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(stable).join(",")}]`;
  if (x && typeof x === "object") {
    const entries = Object.entries(x).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

/** The node an issue path such as "rules.children[1].children[0].window.days" is about. */
export function nodeAtPath(root: TGroupRule, path: string): TRuleNode | null {
  if (!path.startsWith("rules")) return null;
  let node: TRuleNode = root;
  for (const m of path.slice("rules".length).matchAll(/\.children\[(\d+)\]/gy)) {
    if (node.type !== "group") return null;
    const next: TRuleNode | undefined = node.children[Number(m[1])];
    if (!next) return null;
    node = next;
  }
  return node;
}
