import { z } from "zod";
import { ZAttributeKey, ZTagName, defineNode } from "../../define-node";

export const LIFECYCLE_STAGES = ["new", "active", "dormant", "churned"] as const;

export const ZCondition = z.object({
  check: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("tag"), tag: ZTagName, has: z.boolean().default(true) }),
    z.object({
      kind: z.literal("attribute"),
      key: ZAttributeKey,
      op: z.enum(["eq", "neq", "contains", "lt", "gt", "exists", "not_exists"]),
      value: z.string().max(500).default(""),
    }),
    z.object({ kind: z.literal("lifecycle"), stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1, "choose at least one stage") }),
  ]),
});

const OPS = { eq: "=", neq: "≠", contains: "contains", lt: "<", gt: ">", exists: "exists", not_exists: "does not exist" } as const;

export const condition = defineNode({
  type: "condition",
  category: "logic",
  label: "Condition",
  description: "Branches on a tag, an attribute or the user's lifecycle stage.",
  icon: "⋔",
  schema: ZCondition,
  defaults: (): z.output<typeof ZCondition> => ({ check: { kind: "tag" as const, tag: "", has: true } }),
  outputs: () => [
    { id: "yes", label: "Yes", required: false },
    { id: "no", label: "No", required: false },
  ],
  summary: ({ check: c }) =>
    c.kind === "tag"
      ? `${c.has ? "has" : "has not"} tag ${c.tag || "…"}`
      : c.kind === "attribute"
        ? `${c.key} ${OPS[c.op]}${c.op === "exists" || c.op === "not_exists" ? "" : ` “${c.value}”`}`
        : `stage is ${c.stages.join(" or ")}`,
});

/** Attribute comparison: numbers compare as numbers when both sides are numbers, else as text. */
export type TAttributeOp = Extract<z.infer<typeof ZCondition>["check"], { kind: "attribute" }>["op"];

export function compareAttribute(actual: unknown, op: TAttributeOp, expected: string): boolean {
  const present = actual !== undefined && actual !== null && actual !== "";
  if (op === "exists") return present;
  if (op === "not_exists") return !present;
  if (!present) return op === "neq";
  const a = typeof actual === "object" ? JSON.stringify(actual) : String(actual);
  const an = Number(a);
  const en = Number(expected);
  const numeric = a.trim() !== "" && expected.trim() !== "" && Number.isFinite(an) && Number.isFinite(en);
  switch (op) {
    case "eq":
      return numeric ? an === en : a.toLowerCase() === expected.toLowerCase();
    case "neq":
      return numeric ? an !== en : a.toLowerCase() !== expected.toLowerCase();
    case "contains":
      return a.toLowerCase().includes(expected.toLowerCase());
    case "lt":
      return numeric ? an < en : a < expected;
    case "gt":
      return numeric ? an > en : a > expected;
  }
  return false;
}
