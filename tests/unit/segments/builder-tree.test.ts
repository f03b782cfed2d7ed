// The builder's tree helpers: which condition is still untouched (its problems are hints),
// and which node an issue path of the API names.
import { describe, expect, it } from "vitest";
import { isPristine, newCondition, newGroup, nodeAtPath } from "@/components/segments/rule-defaults";
import { ZRules, type TRuleNode } from "@/lib/segments/rules";

describe("isPristine", () => {
  it("is true for every condition type as added, and false once anything is chosen", () => {
    const types = ["tag", "event", "lifecycle", "seen", "attribute", "source", "language", "status", "premium", "value", "segment", "campaign"] as const;
    for (const t of types) expect(isPristine(newCondition(t)), t).toBe(true);
    const tag = newCondition("tag");
    expect(isPristine({ ...tag, tagIds: ["t1"] } as TRuleNode)).toBe(false);
    const event = newCondition("event");
    expect(isPristine({ ...event, name: "button_click" } as TRuleNode)).toBe(false);
    expect(isPristine({ ...event, count: { op: "at_least", n: 2 } } as TRuleNode)).toBe(false);
    expect(isPristine({ ...event, window: { kind: "last_days", days: 7 } } as TRuleNode)).toBe(false);
    expect(isPristine(newGroup("and"))).toBe(false);
  });

  it("does not depend on key order (a tree read back from the server)", () => {
    const event = newCondition("event");
    const reordered = JSON.parse(JSON.stringify({ window: { days: 30, kind: "last_days" }, count: { n: 1, op: "at_least" }, did: true, name: "", type: "event", id: "x" }));
    expect(isPristine(reordered)).toBe(isPristine(event));
  });
});

describe("nodeAtPath", () => {
  const tree = ZRules.parse({
    type: "group",
    op: "and",
    children: [
      { type: "premium", value: true },
      { type: "group", op: "or", children: [{ type: "language", languages: ["en"] }, { type: "tag", op: "has", tagIds: ["t"] }] },
    ],
  });

  it("walks children[i] segments and ignores the field after them", () => {
    expect(nodeAtPath(tree, "rules")).toBe(tree);
    expect(nodeAtPath(tree, "rules.children[0].value")).toBe(tree.children[0]);
    const inner = tree.children[1] as Extract<TRuleNode, { type: "group" }>;
    expect(nodeAtPath(tree, "rules.children[1].children[1].tagIds")).toBe(inner.children[1]);
    expect(nodeAtPath(tree, "rules.children[1].op")).toBe(inner);
  });

  it("gives null for a path outside the tree", () => {
    expect(nodeAtPath(tree, "rules.children[5]")).toBeNull();
    expect(nodeAtPath(tree, "rules.children[0].children[0]")).toBeNull();
    expect(nodeAtPath(tree, "name")).toBeNull();
  });
});
