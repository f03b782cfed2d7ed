// The segment rule tree: the contract between the builder, the API, the SQL compiler
// (compile-rules.ts) and every test. A tree is a group; groups nest to any depth.
//
// Semantics (the compiler and the independent test evaluator implement exactly this;
// `now` is one instant fixed per evaluation, days are 24 h, dates are UTC):
//
// group       op "and": every child matches (an empty "and" matches everyone);
//             op "or": at least one child matches (an empty "or" matches no one);
//             not: true negates the group's result.
// tag         has/any: the user has at least one of tagIds; has/all: every one of them;
//             has_not/any: none of them; has_not/all: not all of them.
// attribute   v = attributes[key] (free-form JSON object on the user). "exists": v is present
//             and not JSON null; "not_exists" the opposite. Otherwise, by valueType:
//             text: v is a JSON string; eq / contains compare case-insensitively (lower-case);
//             number: v is a JSON number; eq / lt / gt compare numerically (an attribute
//               number must fit numeric(65,30): over 35 integer digits or 30 decimals it is
//               not compared and matches no number test);
//             date: v is a JSON string starting with YYYY-MM-DD; its first 10 characters are
//               compared with value (a YYYY-MM-DD string): eq same day, lt before, gt after;
//             boolean: v is JSON true or false; eq compares.
//             "neq" is exactly NOT "eq" (so a user without the attribute matches "neq").
// event       C = the number of the user's events named `name`, inside `window` (if any), whose
//             properties match `where` (if any; same rules as attribute with v =
//             properties[key]). Without `count`: C >= 1; with it: C >= n / C <= n / C = n.
//             did: false negates the result.
// window      last_days D: occurredAt >= now - D days; between: from 00:00 (inclusive) to the
//             end of day `to` (exclusive of the next day's 00:00).
// seen        field first|last = firstSeenAt|lastSeenAt; within_days D: >= now - D days;
//             more_than_days_ago D: < now - D days; between: as window.
// lifecycle   the user's stage (see lifecycle.ts, thresholds from Settings) is one of stages.
// source      is: source equals one of values; starts_with: source starts with one of
//             values; none: the user has no source.
// language    lower(languageCode) is one of languages (lower-case codes such as "en", "pt-br").
// status      blocked: blockedAt is set; unsubscribed: unsubscribedAt is set; reachable:
//             neither is set.
// premium     isPremium = value.
// value       V = count of the user's events named `event` (measure "count"), or the sum of
//             their numeric property `property` ("sum"; non-numbers count as 0), inside
//             `window` if any; 0 when there are none. Compared with value by op.
// segment     the user is (in: true) / is not (in: false) a member of another segment of the
//             same bot: a dynamic segment's rules, evaluated at the same `now`, or a static
//             segment's frozen member list. A segment may not reference itself, directly or
//             through others.
// campaign    R = the user's CampaignRecipient row of campaign `campaignId` (a launched campaign
//             of the same bot), if its state is SENT (the message went out; the control group,
//             stage 0, is never sent). received: R exists; clicked: R exists and clickedAt is
//             set; not_clicked: R exists and clickedAt is not set. A user the campaign never
//             reached matches none of them.
import { z } from "zod";
import { formatPath } from "../errors/format-path";

export const MAX_DEPTH = 8;
export const MAX_CHILDREN = 50;

const ZNodeId = z.string().max(64).optional();
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use a date as YYYY-MM-DD");
const ZKey = z
  .string()
  .trim()
  .min(1, { error: "enter a key", abort: true })
  .max(64, "a key has at most 64 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "a key may contain letters, digits and _ . : - only");
const ZEventName = z
  .string()
  .trim()
  .min(1, "choose an event")
  .max(100, "an event name has at most 100 characters");

export const ZWindow = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("last_days"),
    days: z.number({ error: "enter a number of days" }).int("enter a whole number of days").min(1, "at least 1 day").max(3650, "at most 3650 days"),
  }),
  z
    .object({ kind: z.literal("between"), from: ZDay, to: ZDay })
    .refine((w) => w.from <= w.to, { message: "the start date must not be after the end date", path: ["to"] }),
]);
export type TWindow = z.infer<typeof ZWindow>;

export const VALUE_TYPES = ["text", "number", "date", "boolean"] as const;
export const VALUE_OPS = ["eq", "neq", "contains", "lt", "gt", "exists", "not_exists"] as const;
/** Which operators each value type allows. */
export const OPS_BY_TYPE: Record<(typeof VALUE_TYPES)[number], readonly (typeof VALUE_OPS)[number][]> = {
  text: ["eq", "neq", "contains", "exists", "not_exists"],
  number: ["eq", "neq", "lt", "gt", "exists", "not_exists"],
  date: ["eq", "neq", "lt", "gt", "exists", "not_exists"],
  boolean: ["eq", "neq", "exists", "not_exists"],
};

const valueTestShape = {
  key: ZKey,
  valueType: z.enum(VALUE_TYPES),
  op: z.enum(VALUE_OPS),
  value: z.union([z.string().max(500), z.number().finite(), z.boolean()]).optional(),
};
type TValueTestInput = { valueType: (typeof VALUE_TYPES)[number]; op: (typeof VALUE_OPS)[number]; value?: string | number | boolean };

function checkValueTest(t: TValueTestInput, ctx: z.RefinementCtx): void {
  if (!OPS_BY_TYPE[t.valueType].includes(t.op)) {
    ctx.addIssue({ code: "custom", path: ["op"], message: `"${t.op}" does not apply to a ${t.valueType} value` });
    return;
  }
  if (t.op === "exists" || t.op === "not_exists") return;
  const bad = (message: string) => ctx.addIssue({ code: "custom", path: ["value"], message });
  switch (t.valueType) {
    case "text":
      if (typeof t.value !== "string") bad("enter a text value");
      else if (t.op === "contains" && t.value.length === 0) bad("enter the text to look for");
      break;
    case "number":
      if (typeof t.value !== "number") bad("enter a number");
      break;
    case "date":
      if (typeof t.value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(t.value)) bad("enter a date as YYYY-MM-DD");
      break;
    case "boolean":
      if (typeof t.value !== "boolean") bad("choose true or false");
      break;
  }
}

/** A comparison of one JSON value (a user attribute or an event property). */
export const ZValueTest = z.object(valueTestShape).superRefine(checkValueTest);
export type TValueTest = z.infer<typeof ZValueTest>;

export const ZTagRule = z.object({
  id: ZNodeId,
  type: z.literal("tag"),
  op: z.enum(["has", "has_not"]),
  match: z.enum(["any", "all"]).default("any"),
  tagIds: z.array(z.string().min(1).max(64)).min(1, "choose at least one tag").max(50, "at most 50 tags"),
});

export const ZAttributeRule = z.object({ id: ZNodeId, type: z.literal("attribute"), ...valueTestShape }).superRefine(checkValueTest);

export const ZEventRule = z.object({
  id: ZNodeId,
  type: z.literal("event"),
  name: ZEventName,
  did: z.boolean().default(true),
  count: z
    .object({
      op: z.enum(["at_least", "at_most", "exactly"]),
      n: z.number({ error: "enter how many times" }).int("enter a whole number of times").min(0, "at least 0 times").max(1_000_000, "at most 1,000,000 times"),
    })
    .optional(),
  window: ZWindow.optional(),
  where: ZValueTest.optional(),
});

export const ZSeenRule = z
  .object({
    id: ZNodeId,
    type: z.literal("seen"),
    field: z.enum(["first", "last"]),
    op: z.enum(["within_days", "more_than_days_ago", "between"]),
    days: z.number({ error: "enter a number of days" }).int("enter a whole number of days").min(0, "0 days or more").max(3650, "at most 3650 days").optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.op === "between") {
      if (!r.from) ctx.addIssue({ code: "custom", path: ["from"], message: "enter the start date" });
      if (!r.to) ctx.addIssue({ code: "custom", path: ["to"], message: "enter the end date" });
      if (r.from && r.to && r.from > r.to) ctx.addIssue({ code: "custom", path: ["to"], message: "the start date must not be after the end date" });
    } else if (r.days === undefined) {
      ctx.addIssue({ code: "custom", path: ["days"], message: "enter a number of days" });
    }
  });

export const LIFECYCLE_STAGES = ["new", "active", "dormant", "churned"] as const;
export type TLifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const ZLifecycleRule = z.object({
  id: ZNodeId,
  type: z.literal("lifecycle"),
  stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1, "choose at least one stage"),
});

export const ZSourceRule = z
  .object({
    id: ZNodeId,
    type: z.literal("source"),
    op: z.enum(["is", "starts_with", "none"]),
    values: z.array(z.string().min(1).max(200)).max(100).default([]),
  })
  .refine((r) => r.op === "none" || r.values.length > 0, { message: "enter at least one source", path: ["values"] });

export const ZLanguageRule = z.object({
  id: ZNodeId,
  type: z.literal("language"),
  languages: z
    .array(z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, "use a language code such as en or pt-br"))
    .min(1, "choose at least one language")
    .max(100),
});

export const ZStatusRule = z.object({
  id: ZNodeId,
  type: z.literal("status"),
  status: z.enum(["blocked", "unsubscribed", "reachable"]),
});

export const ZPremiumRule = z.object({ id: ZNodeId, type: z.literal("premium"), value: z.boolean() });

export const ZValueRule = z
  .object({
    id: ZNodeId,
    type: z.literal("value"),
    event: ZEventName,
    measure: z.enum(["count", "sum"]),
    property: ZKey.optional(),
    op: z.enum(["gt", "gte", "lt", "lte", "eq"]),
    value: z.number({ error: "enter a number" }).finite("enter a number"),
    window: ZWindow.optional(),
  })
  .refine((r) => r.measure !== "sum" || r.property !== undefined, { message: "choose the property to sum, e.g. amount", path: ["property"] });

export const ZSegmentRefRule = z.object({
  id: ZNodeId,
  type: z.literal("segment"),
  segmentId: z.string().min(1, "choose a segment").max(64),
  in: z.boolean().default(true),
});

export const CAMPAIGN_INTERACTIONS = ["received", "clicked", "not_clicked"] as const;

export const ZCampaignRule = z.object({
  id: ZNodeId,
  type: z.literal("campaign"),
  campaignId: z.string().min(1, "choose a campaign").max(64),
  interaction: z.enum(CAMPAIGN_INTERACTIONS, { error: () => `interaction must be one of: ${CAMPAIGN_INTERACTIONS.join(", ")}` }),
});

export const ZGroupRule = z.object({
  id: ZNodeId,
  type: z.literal("group"),
  op: z.enum(["and", "or"]),
  not: z.boolean().default(false),
  get children(): z.ZodArray<typeof ZRuleNode> {
    return z.array(ZRuleNode).max(MAX_CHILDREN, `a group has at most ${MAX_CHILDREN} conditions`);
  },
});

const NODE_TYPES = ["group", "tag", "attribute", "event", "seen", "lifecycle", "source", "language", "status", "premium", "value", "segment", "campaign"] as const;
export const CONDITION_TYPES = NODE_TYPES.filter((t) => t !== "group");

export const ZRuleNode = z.discriminatedUnion(
  "type",
  [
    ZGroupRule,
    ZTagRule,
    ZAttributeRule,
    ZEventRule,
    ZSeenRule,
    ZLifecycleRule,
    ZSourceRule,
    ZLanguageRule,
    ZStatusRule,
    ZPremiumRule,
    ZValueRule,
    ZSegmentRefRule,
    ZCampaignRule,
  ],
  { error: () => `type must be one of: ${NODE_TYPES.join(", ")}` },
);

/** A whole rule tree: a group at the root, nested at most MAX_DEPTH groups deep. */
export const ZRules = ZGroupRule.superRefine((root, ctx) => {
  const walk = (node: TRuleNode, depth: number, path: (string | number)[]): void => {
    if (node.type !== "group") return;
    if (depth > MAX_DEPTH) {
      ctx.addIssue({ code: "custom", path, message: `groups nest at most ${MAX_DEPTH} deep` });
      return;
    }
    node.children.forEach((c, i) => walk(c, depth + 1, [...path, "children", i]));
  };
  walk(root, 1, []);
});

export type TRuleNode = z.infer<typeof ZRuleNode>;
export type TGroupRule = z.infer<typeof ZGroupRule>;
export type TRules = TGroupRule;
export type TTagRule = z.infer<typeof ZTagRule>;
export type TAttributeRule = z.infer<typeof ZAttributeRule>;
export type TEventRule = z.infer<typeof ZEventRule>;
export type TSeenRule = z.infer<typeof ZSeenRule>;
export type TLifecycleRule = z.infer<typeof ZLifecycleRule>;
export type TSourceRule = z.infer<typeof ZSourceRule>;
export type TLanguageRule = z.infer<typeof ZLanguageRule>;
export type TStatusRule = z.infer<typeof ZStatusRule>;
export type TPremiumRule = z.infer<typeof ZPremiumRule>;
export type TValueRule = z.infer<typeof ZValueRule>;
export type TSegmentRefRule = z.infer<typeof ZSegmentRefRule>;
export type TCampaignRule = z.infer<typeof ZCampaignRule>;
export type TConditionRule = Exclude<TRuleNode, TGroupRule>;

/** "rules.children[2].window.days" for a path inside a rule tree. */
export function formatRulePath(path: readonly PropertyKey[], root = "rules"): string {
  return formatPath([root, ...path]);
}
