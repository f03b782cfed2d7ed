// The segment SQL compiler, proven against an independent in-memory evaluator
// (tests/support/segment-evaluator.ts, written from the semantics in lib/segments/rules.ts):
// on random small datasets and random rule trees, the SQL selects exactly the users the
// evaluator selects. A deterministic catalogue of single conditions (every node type, every
// operator, every value type) is checked on every dataset as well, so coverage does not
// depend on luck. Failures print fast-check's seed (replay with `seed` / `path`) and, for a
// mismatching tree, its smallest mismatching subtree and the data of the users concerned.
import { describe, it, expect, beforeAll } from "vitest";
import fc from "fast-check";
import { useTestDatabase, createBotRow } from "./helpers";
import { db, Prisma } from "@/lib/db/client";
import { compileContext, evaluateSegment, segmentUserIdsSql } from "@/lib/segments/evaluate-segment";
import { compileRules, compileSoleUserSet } from "@/lib/segments/compile-rules";
import { saveLifecycleSettings } from "@/lib/segments/lifecycle";
import { CAMPAIGN_INTERACTIONS, LIFECYCLE_STAGES, OPS_BY_TYPE, VALUE_TYPES, ZRules, type TRuleNode, type TRules } from "@/lib/segments/rules";
import {
  evaluateRulesInMemory,
  type TEvalCampaign,
  type TEvalDataset,
  type TEvalEvent,
  type TEvalLifecycle,
  type TEvalRecipient,
  type TEvalSegment,
  type TEvalUser,
} from "../support/segment-evaluator";

useTestDatabase();

// ---------------------------------------------------------------------------------------
// Fixed instants and pools
// ---------------------------------------------------------------------------------------

const NOW = new Date("2026-06-15T12:00:00.000Z");
const NOW_MS = NOW.getTime();
const DAY = 86_400_000;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** Days used by "between" windows (and whose boundaries event / seen times sit on). */
const DAY_POOL = ["2026-03-01", "2026-05-16", "2026-06-01", "2026-06-08", "2026-06-14", "2026-06-15", "2026-06-16"] as const;
const TAG_IDS = ["tag0", "tag1", "tag2", "tag3", "tag4", "tag5"] as const;
const UNKNOWN_TAG = "tag_unknown";
const EVENT_NAMES = ["purchase", "open", "click", "signup"] as const;
const ATTR_KEYS = ["plan", "score", "vip", "signup", "a.b"] as const;
const PROP_KEYS = ["amount", "plan", "coupon", "a.b"] as const;
const SEGMENT_IDS = ["seg0", "seg1", "seg2", "seg3"] as const;
/** The bot's launched campaigns (rules refer to these); the other bot has one of its own. */
const CAMPAIGN_IDS = ["camp0", "camp1"] as const;
const OTHER_CAMPAIGN_ID = "campx";
const LAUNCHED_STATUSES = ["SCHEDULED", "RUNNING", "PAUSED", "STAGE_DONE", "COMPLETED", "CANCELLED"] as const;
const SOURCES = [null, "src_ads1", "src_blog", "ref_x", "srcXads1", "SRC_ADS1"] as const;
const LANGUAGES = [null, "en", "EN", "pt-br", "PT-BR", "ru", "de"] as const;

/** JSON values stored in attributes / properties: every JSON type, date-like and not. */
const STORED_STRINGS = [
  "pro", "Pro", "PRO", "free", "pro plan", "", "100%", "a_b", "axb", "42", "true",
  "2026-01-05T10:00", "2026-01-05", "2026-06-15", "2026-06-15T23:59:59Z", "2025-12-31", "2026-06-16",
  "not a date", "2026-1-5", "05/01/2026", "20260105", "2026-13-45", "2026-02-30T10:00",
  "ÄPFEL", "Straße",
];
const STORED_NUMBERS = [0, 1, -1, 0.5, 2.5, 10, 42, 100, 1000, -12.5];

/** Values used in rules. */
const RULE_TEXTS = ["pro", "PRO", "Pro plan", "free", "", "100%", "a_b", "%", "_", "2026", "42", "äpfel", "STRASSE"];
const RULE_NUMBERS = [0, 1, -1, 0.5, 2.5, 10, 42, 100, -12.5, 1000];
const RULE_DAYS = ["2025-12-31", "2026-01-04", "2026-01-05", "2026-01-06", "2026-06-14", "2026-06-15", "2026-06-16"];
const VALUE_NUMBERS = [0, 1, 2, -1, 0.5, 10, 12.5, 100, -3];
const SOURCE_RULE_VALUES = ["src_ads1", "src_blog", "ref_x", "src_", "src", "ref_", "SRC_ADS1", "s%", "x", "srcXads1"];
const LANGUAGE_RULE_VALUES = ["en", "EN", " pt-BR ", "pt-br", "ru", "de", "pt"];

// ---------------------------------------------------------------------------------------
// Dataset generation
// ---------------------------------------------------------------------------------------

/** Instants around NOW, many exactly on a boundary (now - D days, 00:00 UTC) or 1 ms off. */
const BOUNDARY_DAYS = [0, 1, 2, 3, 7, 10, 14, 30, 45, 90] as const;
const instantArb: fc.Arbitrary<number> = fc.oneof(
  // exactly now - D days (D as used by rules and thresholds), or 1 ms either side
  { arbitrary: fc.tuple(fc.constantFrom(...BOUNDARY_DAYS), fc.constantFrom(-1, 0, 0, 1)).map(([d, delta]) => NOW_MS - d * DAY + delta), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 95 }), fc.constantFrom(-1, 0, 0, 1)).map(([d, delta]) => NOW_MS - d * DAY + delta), weight: 1 },
  // 00:00 UTC of the days "between" uses, 1 ms either side, the day's last ms, the next 00:00
  { arbitrary: fc.tuple(fc.constantFrom(...DAY_POOL), fc.constantFrom(0, 0, -1, 1, DAY - 1, DAY)).map(([day, delta]) => dayStart(day) + delta), weight: 2 },
  { arbitrary: fc.integer({ min: NOW_MS - 100 * DAY, max: NOW_MS + DAY }), weight: 2 },
  { arbitrary: fc.constantFrom(NOW_MS, NOW_MS + 3_600_000), weight: 1 },
);
const optionalInstantArb = fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: instantArb, weight: 1 });

const storedValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...STORED_STRINGS), weight: 4 },
  { arbitrary: fc.constantFrom(...STORED_NUMBERS), weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 50 }), weight: 1 },
  { arbitrary: fc.boolean(), weight: 2 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>({ x: 1 }, ["pro", 1]), weight: 1 },
);
const amountArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 2, 5, 10, 12.5, -3, 0.5, 100), weight: 4 },
  { arbitrary: storedValueArb, weight: 1 },
);

const attributesArb = fc.record(
  Object.fromEntries(ATTR_KEYS.map((k) => [k, storedValueArb])) as Record<(typeof ATTR_KEYS)[number], fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
);
const propertiesArb = fc.record(
  { amount: amountArb, plan: storedValueArb, coupon: storedValueArb, "a.b": storedValueArb },
  { requiredKeys: [] },
);

const eventArb = fc.record({ name: fc.constantFrom(...EVENT_NAMES), at: instantArb, properties: propertiesArb });

/** A user's recipient row of one campaign, if any: every state, control group (stage 0) included. */
const recipientArb = fc.option(
  fc
    .record({
      stage: fc.constantFrom(0, 1, 1, 2),
      state: fc.constantFrom("SENT", "SENT", "SENT", "PENDING", "SENDING", "FAILED", "SKIPPED"),
      clickedAt: optionalInstantArb,
      repliedAt: optionalInstantArb,
    })
    // The control group is never sent (it stays PENDING); clicks on unsent rows stay on purpose.
    .map((r) => ({ ...r, state: r.stage === 0 && r.state === "SENT" ? ("PENDING" as const) : r.state })),
  { nil: null },
);

const userArb = fc.record({
  seen: fc.tuple(instantArb, instantArb),
  blockedAt: optionalInstantArb,
  unsubscribedAt: optionalInstantArb,
  source: fc.constantFrom(...SOURCES),
  languageCode: fc.constantFrom(...LANGUAGES),
  isPremium: fc.boolean(),
  attributes: attributesArb,
  tags: fc.subarray([...TAG_IDS]),
  events: fc.array(eventArb, { maxLength: 6 }),
  recipients: fc.tuple(recipientArb, recipientArb),
});
type TGenUser = typeof userArb extends fc.Arbitrary<infer T> ? T : never;

const lifecycleArb: fc.Arbitrary<TEvalLifecycle> = fc
  .record({
    newDays: fc.oneof(fc.constantFrom(0, 1, 3, 7, 10), fc.integer({ min: 0, max: 10 })),
    activeDays: fc.oneof(fc.constantFrom(1, 3, 7, 14), fc.integer({ min: 1, max: 14 })),
    dormantDays: fc.oneof(fc.constantFrom(2, 10, 14, 30, 45, 90), fc.integer({ min: 2, max: 60 })),
  })
  .map(({ newDays, activeDays, dormantDays }) => ({ newDays, activeDays, dormantDays: Math.max(dormantDays, activeDays + 1) }));

// ---------------------------------------------------------------------------------------
// Rule tree generation (raw JSON, parsed with ZRules so defaults apply)
// ---------------------------------------------------------------------------------------

type TRaw = Record<string, unknown>;
const opt = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const dayRangeArb = fc
  .tuple(fc.constantFrom(...DAY_POOL), fc.constantFrom(...DAY_POOL))
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

const windowArb: fc.Arbitrary<TRaw> = fc.oneof(
  fc.record({ kind: fc.constant("last_days"), days: fc.constantFrom(1, 2, 3, 7, 14, 30, 90) }),
  dayRangeArb.map((r) => ({ kind: "between", ...r })),
);

function ruleValueArb(valueType: (typeof VALUE_TYPES)[number], op: string): fc.Arbitrary<unknown> {
  if (op === "exists" || op === "not_exists") {
    return opt(fc.oneof(fc.constantFrom(...RULE_TEXTS), fc.constantFrom(...RULE_NUMBERS), fc.boolean()));
  }
  switch (valueType) {
    case "text":
      return op === "contains" ? fc.constantFrom(...RULE_TEXTS.filter((t) => t !== "")) : fc.constantFrom(...RULE_TEXTS);
    case "number":
      return fc.constantFrom(...RULE_NUMBERS);
    case "date":
      return fc.constantFrom(...RULE_DAYS);
    case "boolean":
      return fc.boolean();
  }
}

function valueTestArb(keys: readonly string[]): fc.Arbitrary<TRaw> {
  return fc
    .tuple(fc.constantFrom(...VALUE_TYPES), fc.constantFrom(...keys))
    .chain(([valueType, key]) =>
      fc
        .constantFrom(...OPS_BY_TYPE[valueType])
        .chain((op) => ruleValueArb(valueType, op).map((value) => ({ key, valueType, op, value }))),
    );
}

const tagRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("tag"),
  op: fc.constantFrom("has", "has_not"),
  match: opt(fc.constantFrom("any", "all")),
  // duplicates and unknown ids on purpose
  tagIds: fc.array(fc.constantFrom(...TAG_IDS, UNKNOWN_TAG), { minLength: 1, maxLength: 3 }),
});
const attributeRuleArb: fc.Arbitrary<TRaw> = valueTestArb(ATTR_KEYS).map((t) => ({ type: "attribute", ...t }));
const eventRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("event"),
  name: fc.constantFrom(...EVENT_NAMES, "never_happened"),
  did: opt(fc.boolean()),
  count: opt(fc.record({ op: fc.constantFrom("at_least", "at_most", "exactly"), n: fc.integer({ min: 0, max: 3 }) })),
  window: opt(windowArb),
  where: opt(valueTestArb(PROP_KEYS)),
});
const seenRuleArb: fc.Arbitrary<TRaw> = fc.oneof(
  fc.record({
    type: fc.constant("seen"),
    field: fc.constantFrom("first", "last"),
    op: fc.constantFrom("within_days", "more_than_days_ago"),
    days: fc.constantFrom(0, 1, 2, 3, 7, 10, 14, 30, 45),
  }),
  fc
    .record({ type: fc.constant("seen"), field: fc.constantFrom("first", "last"), op: fc.constant("between"), range: dayRangeArb })
    .map(({ range, ...r }) => ({ ...r, ...range })),
);
const lifecycleRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("lifecycle"),
  stages: fc.subarray([...LIFECYCLE_STAGES], { minLength: 1 }),
});
const sourceRuleArb: fc.Arbitrary<TRaw> = fc.oneof(
  fc.record({
    type: fc.constant("source"),
    op: fc.constantFrom("is", "starts_with"),
    values: fc.array(fc.constantFrom(...SOURCE_RULE_VALUES), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant("source"),
    op: fc.constant("none"),
    values: opt(fc.array(fc.constantFrom(...SOURCE_RULE_VALUES), { maxLength: 2 })),
  }),
);
const languageRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("language"),
  languages: fc.array(fc.constantFrom(...LANGUAGE_RULE_VALUES), { minLength: 1, maxLength: 3 }),
});
const statusRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("status"),
  status: fc.constantFrom("blocked", "unsubscribed", "reachable"),
});
const premiumRuleArb: fc.Arbitrary<TRaw> = fc.record({ type: fc.constant("premium"), value: fc.boolean() });
const valueRuleArb: fc.Arbitrary<TRaw> = fc.oneof(
  fc.record({
    type: fc.constant("value"),
    event: fc.constantFrom(...EVENT_NAMES, "never_happened"),
    measure: fc.constant("count"),
    property: opt(fc.constantFrom("amount", "plan")),
    op: fc.constantFrom("gt", "gte", "lt", "lte", "eq"),
    value: fc.constantFrom(...VALUE_NUMBERS),
    window: opt(windowArb),
  }),
  fc.record({
    type: fc.constant("value"),
    event: fc.constantFrom(...EVENT_NAMES, "never_happened"),
    measure: fc.constant("sum"),
    property: fc.constantFrom("amount", "amount", "plan", "missing"),
    op: fc.constantFrom("gt", "gte", "lt", "lte", "eq"),
    value: fc.constantFrom(...VALUE_NUMBERS),
    window: opt(windowArb),
  }),
);
const segmentRuleArb = (segIds: readonly string[]): fc.Arbitrary<TRaw> =>
  fc.record({ type: fc.constant("segment"), segmentId: fc.constantFrom(...segIds), in: opt(fc.boolean()) });
const campaignRuleArb: fc.Arbitrary<TRaw> = fc.record({
  type: fc.constant("campaign"),
  campaignId: fc.constantFrom(...CAMPAIGN_IDS),
  interaction: fc.constantFrom(...CAMPAIGN_INTERACTIONS),
});

function conditionArb(segIds: readonly string[]): fc.Arbitrary<TRaw> {
  const arbs = [
    tagRuleArb, attributeRuleArb, attributeRuleArb, eventRuleArb, eventRuleArb, seenRuleArb, lifecycleRuleArb,
    sourceRuleArb, languageRuleArb, statusRuleArb, premiumRuleArb, valueRuleArb, valueRuleArb, campaignRuleArb,
  ];
  if (segIds.length > 0) arbs.push(segmentRuleArb(segIds));
  return fc.oneof(...arbs);
}

/** A group nested at most `depth` groups deep (the group itself counts as 1). */
function groupArb(depth: number, segIds: readonly string[], minChildren = 0): fc.Arbitrary<TRaw> {
  const cond = conditionArb(segIds);
  const child: fc.Arbitrary<TRaw> =
    depth <= 1 ? cond : fc.oneof({ arbitrary: cond, weight: 3 }, { arbitrary: groupArb(depth - 1, segIds), weight: 1 });
  return fc.record({
    type: fc.constant("group"),
    op: fc.constantFrom("and", "or"),
    not: opt(fc.boolean()),
    children: fc.array(child, { minLength: minChildren, maxLength: 4 }),
  });
}

const segmentDefArb = (index: number) =>
  fc.record({
    kind: fc.constantFrom("DYNAMIC" as const, "STATIC" as const),
    // A segment only references the ones before it: no cycles.
    rules: groupArb(2, SEGMENT_IDS.slice(0, index)),
    members: fc.uniqueArray(fc.nat(60), { maxLength: 25 }),
  });

const datasetArb = fc.record({
  lifecycle: lifecycleArb,
  tagCount: fc.integer({ min: 0, max: 6 }),
  // Tag.key of each tag, from 1–5 plus 0, 64 or 128: some tags share their bit of the
  // 64-bit tag summary (key % 64) and some have it to themselves, so tag conditions are
  // checked both with and without the summary alone.
  tagKeys: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 })).map(([r, j]) => r + 64 * j), {
    minLength: TAG_IDS.length,
    maxLength: TAG_IDS.length,
  }),
  users: fc.array(userArb, { maxLength: 40, size: "max" }),
  otherUsers: fc.array(userArb, { maxLength: 4 }),
  segments: fc.tuple(segmentDefArb(0), segmentDefArb(1), segmentDefArb(2), segmentDefArb(3)),
  campaignStatuses: fc.tuple(fc.constantFrom(...LAUNCHED_STATUSES), fc.constantFrom(...LAUNCHED_STATUSES)),
});
type TGenDataset = typeof datasetArb extends fc.Arbitrary<infer T> ? T : never;

function parseRules(raw: unknown): TRules {
  const parsed = ZRules.safeParse(raw);
  if (!parsed.success) throw new Error(`generated an invalid rule tree: ${JSON.stringify(raw)}\n${parsed.error.message}`);
  return parsed.data;
}

// ---------------------------------------------------------------------------------------
// Loading a dataset into the database (and into the evaluator's shape)
// ---------------------------------------------------------------------------------------

let botId = "";
let otherBotId = "";

type TLoaded = { data: TEvalDataset; lifecycle: TEvalLifecycle; userIds: string[] };

function toEvalUsers(gen: TGenUser[], prefix: string, bot: string, tagCount: number, campaignIds: readonly string[], out: TEvalDataset): void {
  gen.forEach((g, i) => {
    const id = `${prefix}${String(i).padStart(2, "0")}`;
    const [a, b] = g.seen;
    out.users.push({
      id,
      botId: bot,
      firstSeenAt: new Date(Math.min(a, b)),
      lastSeenAt: new Date(Math.max(a, b)),
      blockedAt: g.blockedAt === null ? null : new Date(g.blockedAt),
      unsubscribedAt: g.unsubscribedAt === null ? null : new Date(g.unsubscribedAt),
      source: g.source,
      languageCode: g.languageCode,
      isPremium: g.isPremium,
      attributes: g.attributes as Record<string, unknown>,
    });
    for (const t of g.tags) if (TAG_IDS.indexOf(t) < tagCount) out.userTags.push({ telegramUserId: id, tagId: t });
    for (const e of g.events) out.events.push({ telegramUserId: id, name: e.name, occurredAt: new Date(e.at), properties: e.properties as Record<string, unknown> });
    campaignIds.forEach((campaignId, c) => {
      const r = g.recipients[c];
      if (!r) return;
      const at = (t: number | null) => (t === null ? null : new Date(t));
      out.recipients.push({ campaignId, telegramUserId: id, stage: r.stage, state: r.state, clickedAt: at(r.clickedAt), repliedAt: at(r.repliedAt) });
    });
  });
}

function buildDataset(gen: TGenDataset): TLoaded {
  const campaigns: TEvalCampaign[] = [
    ...CAMPAIGN_IDS.map((id, i) => ({ id, botId, status: gen.campaignStatuses[i]! })),
    { id: OTHER_CAMPAIGN_ID, botId: otherBotId, status: "COMPLETED" },
  ];
  const data: TEvalDataset = { users: [], userTags: [], events: [], segments: [], campaigns, recipients: [] };
  toEvalUsers(gen.users, "u", botId, gen.tagCount, CAMPAIGN_IDS, data);
  toEvalUsers(gen.otherUsers, "x", otherBotId, gen.tagCount, [OTHER_CAMPAIGN_ID], data);
  const allIds = data.users.map((u) => u.id);
  gen.segments.forEach((s, i) => {
    const memberIds = allIds.length === 0 ? [] : [...new Set(s.members.map((m) => allIds[m % allIds.length]!))];
    data.segments.push({ id: SEGMENT_IDS[i]!, botId, kind: s.kind, rules: parseRules(s.rules), memberIds });
  });
  return { data, lifecycle: gen.lifecycle, userIds: data.users.filter((u) => u.botId === botId).map((u) => u.id) };
}

async function resetData(): Promise<void> {
  // Cascades remove events, user tags, segment members and campaign recipients.
  await db().campaign.deleteMany();
  await db().segment.deleteMany();
  await db().telegramUser.deleteMany();
  await db().tag.deleteMany();
}

async function loadIntoDatabase(data: TEvalDataset, lifecycle: TEvalLifecycle, tagCount: number = TAG_IDS.length, tagKeys?: number[]): Promise<void> {
  await resetData();
  await saveLifecycleSettings(lifecycle);
  if (tagCount > 0) {
    await db().tag.createMany({ data: TAG_IDS.slice(0, tagCount).map((id, i) => ({ id, name: `Tag ${id}`, key: tagKeys?.[i] })) });
  }
  if (data.users.length > 0) {
    await db().telegramUser.createMany({
      data: data.users.map((u, i) => ({
        id: u.id,
        botId: u.botId,
        telegramId: BigInt(1000 + i),
        firstName: `User ${u.id}`,
        languageCode: u.languageCode,
        isPremium: u.isPremium,
        firstSeenAt: u.firstSeenAt,
        lastSeenAt: u.lastSeenAt,
        source: u.source,
        blockedAt: u.blockedAt,
        unsubscribedAt: u.unsubscribedAt,
        attributes: u.attributes as Prisma.InputJsonObject,
      })),
    });
  }
  if (data.userTags.length > 0) {
    await db().userTag.createMany({ data: data.userTags.map((t) => ({ ...t, appliedVia: "IMPORT" as const, appliedByRef: "property-test" })) });
  }
  if (data.events.length > 0) {
    const botOf = new Map(data.users.map((u) => [u.id, u.botId]));
    await db().event.createMany({
      data: data.events.map((e) => ({
        botId: botOf.get(e.telegramUserId)!,
        telegramUserId: e.telegramUserId,
        name: e.name,
        occurredAt: e.occurredAt,
        properties: e.properties as Prisma.InputJsonObject,
      })),
    });
  }
  for (const s of data.segments) {
    await db().segment.create({
      data: { id: s.id, botId: s.botId, name: `Segment ${s.id}`, kind: s.kind, rules: s.rules as unknown as Prisma.InputJsonObject },
    });
  }
  if (data.campaigns.length > 0) {
    await db().campaign.createMany({
      data: data.campaigns.map((c) => ({ id: c.id, botId: c.botId, name: `Campaign ${c.id}`, status: c.status, audience: {}, message: {}, rollout: {}, schedule: {}, tracking: {} })),
    });
  }
  if (data.recipients.length > 0) {
    const telegramIdOf = new Map(data.users.map((u, i) => [u.id, BigInt(1000 + i)]));
    await db().campaignRecipient.createMany({
      data: data.recipients.map((r) => ({ ...r, chatId: telegramIdOf.get(r.telegramUserId)!, token: `${r.campaignId}-${r.telegramUserId}` })),
    });
  }
  const members = data.segments.filter((s) => s.kind === "STATIC").flatMap((s) => s.memberIds.map((telegramUserId) => ({ segmentId: s.id, telegramUserId })));
  if (members.length > 0) await db().segmentMember.createMany({ data: members });
}

// ---------------------------------------------------------------------------------------
// Comparing SQL with the evaluator
// ---------------------------------------------------------------------------------------

async function sqlIds(rules: TRules): Promise<Set<string>> {
  const ctx = await compileContext(botId, NOW);
  const rows = await db().$queryRaw<{ id: string }[]>(await segmentUserIdsSql(rules, ctx));
  return new Set(rows.map((r) => r.id));
}

function evalIds(rules: TRules, loaded: TLoaded): Set<string> {
  return evaluateRulesInMemory(rules, loaded.data, { botId, now: NOW, lifecycle: loaded.lifecycle });
}

const sorted = (s: Set<string>) => [...s].sort();
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const asRoot = (node: TRuleNode): TRules =>
  node.type === "group" ? node : { type: "group", op: "and", not: false, children: [node] };

/** Every node of a tree, deepest first. */
function nodesDeepestFirst(node: TRuleNode): TRuleNode[] {
  const out: TRuleNode[] = [];
  const walk = (n: TRuleNode) => {
    if (n.type === "group") n.children.forEach(walk);
    out.push(n);
  };
  walk(node);
  return out;
}

function describeUsers(ids: string[], loaded: TLoaded): string {
  const { data } = loaded;
  return ids
    .map((id) => {
      const u = data.users.find((x) => x.id === id);
      return JSON.stringify({
        ...u,
        tags: data.userTags.filter((t) => t.telegramUserId === id).map((t) => t.tagId),
        events: data.events.filter((e) => e.telegramUserId === id).map((e) => ({ name: e.name, at: e.occurredAt, properties: e.properties })),
        campaigns: data.recipients.filter((r) => r.telegramUserId === id),
      });
    })
    .join("\n");
}

function mismatchReport(what: string, rules: TRules, expected: Set<string>, actual: Set<string>, loaded: TLoaded): string {
  const missing = sorted(expected).filter((x) => !actual.has(x));
  const extra = sorted(actual).filter((x) => !expected.has(x));
  return [
    `${what}: ${JSON.stringify(rules)}`,
    `  evaluator (expected) ${JSON.stringify(sorted(expected))}`,
    `  SQL (actual)         ${JSON.stringify(sorted(actual))}`,
    `  missing from SQL: ${JSON.stringify(missing)}  extra in SQL: ${JSON.stringify(extra)}`,
    `  lifecycle: ${JSON.stringify(loaded.lifecycle)}  now: ${NOW.toISOString()}`,
    `  segments: ${JSON.stringify(loaded.data.segments)}`,
    `  campaigns: ${JSON.stringify(loaded.data.campaigns)}`,
    `  users concerned:\n${describeUsers([...missing, ...extra], loaded)}`,
  ].join("\n");
}

/** SQL ids == evaluator ids, and evaluateSegment's count and sample agree; on a mismatch, the smallest mismatching subtree is reported. */
async function checkTree(rules: TRules, loaded: TLoaded): Promise<void> {
  const expected = evalIds(rules, loaded);
  const actual = await sqlIds(rules);
  if (!sameSet(expected, actual)) {
    let report = mismatchReport("rule tree", rules, expected, actual, loaded);
    for (const node of nodesDeepestFirst(rules)) {
      const sub = asRoot(node);
      const e = evalIds(sub, loaded);
      const a = await sqlIds(sub);
      if (!sameSet(e, a)) {
        report = `${mismatchReport("smallest mismatching subtree", sub, e, a, loaded)}\n\nwhole ${report}`;
        break;
      }
    }
    throw new Error(report);
  }
  for (const id of actual) if (!loaded.userIds.includes(id)) throw new Error(`SQL selected ${id}, not a user of the bot`);
  const evaluation = await evaluateSegment(rules, { botId, now: NOW, sample: 3 });
  expect(evaluation.count).toBe(expected.size);
  expect(evaluation.sample.length).toBe(Math.min(3, expected.size));
  for (const row of evaluation.sample) expect(expected.has(row.id)).toBe(true);
}

// ---------------------------------------------------------------------------------------
// A catalogue of single conditions: every node type × operator × value type, checked
// (itself and negated) on every dataset in one query.
// ---------------------------------------------------------------------------------------

function catalogue(): TRuleNode[] {
  const raw: TRaw[] = [];
  for (const op of ["has", "has_not"]) {
    for (const match of ["any", "all"]) {
      for (const tagIds of [["tag0"], ["tag0", "tag1"], ["tag1", UNKNOWN_TAG], ["tag2", "tag2"], ["tag5"]]) raw.push({ type: "tag", op, match, tagIds });
    }
  }
  const tests: TRaw[] = [];
  const byType: Record<(typeof VALUE_TYPES)[number], Record<string, unknown[]>> = {
    text: { eq: ["pro", "PRO", "", "äpfel"], neq: ["pro", ""], contains: ["pro", "%", "_", "O", "100%", "2026", "Äpf", "ß"] },
    number: { eq: [0, 42, 2.5, -12.5], neq: [0, 42], lt: [0, 10, 0.5], gt: [-1, 42, 2.5] },
    date: { eq: ["2026-01-05", "2026-06-15"], neq: ["2026-01-05"], lt: ["2026-06-15", "2026-01-05"], gt: ["2026-01-04", "2026-06-15"] },
    boolean: { eq: [true, false], neq: [true, false] },
  };
  for (const valueType of VALUE_TYPES) {
    for (const op of OPS_BY_TYPE[valueType]) {
      const values = op === "exists" || op === "not_exists" ? [undefined] : (byType[valueType][op] ?? []);
      for (const value of values) tests.push({ valueType, op, value });
    }
  }
  for (const key of ["plan", "a.b", "missing_key"]) for (const t of tests) raw.push({ type: "attribute", key, ...t });
  for (const t of tests) raw.push({ type: "event", name: "purchase", where: { key: "amount", ...t } });
  for (const t of tests) raw.push({ type: "event", name: "click", did: false, where: { key: "plan", ...t } });
  for (const did of [true, false]) {
    raw.push({ type: "event", name: "purchase", did });
    raw.push({ type: "event", name: "never_happened", did });
    for (const op of ["at_least", "at_most", "exactly"]) {
      for (const n of [0, 1, 2]) raw.push({ type: "event", name: "open", did, count: { op, n } });
    }
  }
  const windows: TRaw[] = [
    { kind: "last_days", days: 1 },
    { kind: "last_days", days: 7 },
    { kind: "last_days", days: 30 },
    { kind: "between", from: "2026-06-01", to: "2026-06-14" },
    { kind: "between", from: "2026-06-15", to: "2026-06-15" },
    { kind: "between", from: "2026-03-01", to: "2026-06-16" },
  ];
  for (const window of windows) {
    raw.push({ type: "event", name: "purchase", window });
    raw.push({ type: "event", name: "signup", count: { op: "at_most", n: 1 }, window, where: { key: "amount", valueType: "number", op: "gt", value: 1 } });
    raw.push({ type: "value", event: "purchase", measure: "count", op: "gte", value: 1, window });
    raw.push({ type: "value", event: "purchase", measure: "sum", property: "amount", op: "lt", value: 5, window });
  }
  for (const field of ["first", "last"]) {
    for (const op of ["within_days", "more_than_days_ago"]) for (const days of [0, 1, 3, 7, 30]) raw.push({ type: "seen", field, op, days });
    for (const w of windows.filter((x) => x.kind === "between")) raw.push({ type: "seen", field, op: "between", from: w.from, to: w.to });
  }
  for (const stage of LIFECYCLE_STAGES) raw.push({ type: "lifecycle", stages: [stage] });
  raw.push({ type: "lifecycle", stages: ["new", "churned"] });
  raw.push({ type: "lifecycle", stages: ["active", "dormant"] });
  raw.push({ type: "lifecycle", stages: ["dormant", "churned", "active"] });
  for (const values of [["src_ads1"], ["src_ads1", "ref_x"], ["SRC_ADS1"], ["src_"]]) raw.push({ type: "source", op: "is", values });
  for (const values of [["src_"], ["src"], ["ref_", "src_b"], ["SRC"], ["s%"], ["_"]]) raw.push({ type: "source", op: "starts_with", values });
  raw.push({ type: "source", op: "none" });
  for (const languages of [["en"], ["EN"], ["pt-br"], ["ru", "de"], ["pt"]]) raw.push({ type: "language", languages });
  for (const status of ["blocked", "unsubscribed", "reachable"]) raw.push({ type: "status", status });
  for (const value of [true, false]) raw.push({ type: "premium", value });
  for (const [measure, property] of [["count", undefined], ["sum", "amount"], ["sum", "plan"], ["sum", "missing"]] as const) {
    for (const op of ["gt", "gte", "lt", "lte", "eq"]) {
      for (const value of [0, 1, 2.5, -1]) raw.push({ type: "value", event: "purchase", measure, property, op, value });
    }
  }
  for (const segmentId of SEGMENT_IDS) for (const inIt of [true, false]) raw.push({ type: "segment", segmentId, in: inIt });
  for (const campaignId of CAMPAIGN_IDS) for (const interaction of CAMPAIGN_INTERACTIONS) raw.push({ type: "campaign", campaignId, interaction });
  raw.push({ type: "group", op: "and", children: [] });
  raw.push({ type: "group", op: "or", children: [] });
  return raw.map((r) => parseRules({ type: "group", op: "and", children: [r] }).children[0]!);
}

const CATALOGUE = catalogue();

async function checkCatalogue(loaded: TLoaded): Promise<void> {
  const ctx = await compileContext(botId, NOW);
  const roots = CATALOGUE.map(asRoot);
  const exprs = await Promise.all(roots.map(async (r) => Prisma.sql`(${await compileRules(r, ctx)})`));
  const rows = await db().$queryRaw<{ id: string; r: (boolean | null)[] }[]>`
    SELECT f."userId" AS "id", ARRAY[${Prisma.join(exprs)}]::boolean[] AS r FROM "SegmentUser" f WHERE f."botKey" = ${ctx.botKey}`;
  const problems: string[] = [];
  for (const [i, root] of roots.entries()) {
    const expected = evalIds(root, loaded);
    const actual = new Set(rows.filter((row) => row.r[i] === true).map((row) => row.id));
    if (!sameSet(expected, actual)) problems.push(mismatchReport("catalogue condition", root, expected, actual, loaded));
    else if (rows.some((row) => row.r[i] === null)) {
      // SQL NULL (three-valued logic) is harmless only if negation still means what it says.
      const negated: TRules = { type: "group", op: "and", not: true, children: [root] };
      const e = evalIds(negated, loaded);
      const a = await sqlIds(negated);
      if (!sameSet(e, a)) problems.push(mismatchReport("catalogue condition, negated", negated, e, a, loaded));
    }
    if (problems.length >= 3) break;
  }
  // A condition answered by a set of users is counted from the set (evaluateSegment): its
  // rows are as many as the users the condition selects (none of another bot, none twice).
  const sole = roots.flatMap((root) => {
    const set = compileSoleUserSet(root, ctx);
    return set ? [{ root, set }] : [];
  });
  expect(sole.length).toBeGreaterThan(20);
  const [counts] = await db().$queryRaw<{ n: number[] }[]>`
    SELECT ARRAY[${Prisma.join(sole.map((x) => Prisma.sql`(SELECT count(*)::int FROM (${x.set}) s)`))}]::int[] AS n`;
  for (const [i, { root }] of sole.entries()) {
    const expected = evalIds(root, loaded).size;
    if (counts!.n[i] !== expected) problems.push(`catalogue condition counted from its set: ${JSON.stringify(root)}: ${counts!.n[i]} rows, the evaluator selects ${expected}`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n\n"));
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  botId = (await createBotRow("51")).id;
  otherBotId = (await createBotRow("52")).id;
});

describe("segment SQL compiler vs. the in-memory evaluator", () => {
  it("the catalogue covers every node type and every operator", () => {
    const seen = new Set<string>();
    for (const n of CATALOGUE) {
      seen.add(n.type);
      if ("op" in n && typeof n.op === "string") seen.add(`${n.type}:${n.op}`);
      if (n.type === "attribute") seen.add(`attribute:${n.valueType}:${n.op}`);
      if (n.type === "event" && n.count) seen.add(`event:count:${n.count.op}`);
      if (n.type === "campaign") seen.add(`campaign:${n.interaction}`);
    }
    for (const t of ["tag", "attribute", "event", "seen", "lifecycle", "source", "language", "status", "premium", "value", "segment", "campaign", "group"]) expect(seen).toContain(t);
    for (const i of CAMPAIGN_INTERACTIONS) expect(seen).toContain(`campaign:${i}`);
    for (const vt of VALUE_TYPES) for (const op of OPS_BY_TYPE[vt]) expect(seen).toContain(`attribute:${vt}:${op}`);
    for (const op of ["at_least", "at_most", "exactly"]) expect(seen).toContain(`event:count:${op}`);
    for (const op of ["gt", "gte", "lt", "lte", "eq"]) expect(seen).toContain(`value:${op}`);
    for (const op of ["within_days", "more_than_days_ago", "between"]) expect(seen).toContain(`seen:${op}`);
    for (const op of ["is", "starts_with", "none"]) expect(seen).toContain(`source:${op}`);
  });

  it("selects the same users as the evaluator on random datasets and random rule trees", async () => {
    // Root groups have 1–4 children (empty groups still occur below the root and in the catalogue).
    const trees = fc.array(groupArb(4, SEGMENT_IDS, 1), { minLength: 1, maxLength: 8 });
    const typesSeen = new Set<string>();
    let treeCount = 0;
    await fc.assert(
      fc.asyncProperty(datasetArb, trees, async (gen, rawTrees) => {
        const loaded = buildDataset(gen);
        await loadIntoDatabase(loaded.data, loaded.lifecycle, gen.tagCount, gen.tagKeys);
        await checkCatalogue(loaded);
        for (const raw of rawTrees) {
          const rules = parseRules(raw);
          for (const n of nodesDeepestFirst(rules)) typesSeen.add(n.type);
          treeCount++;
          await checkTree(rules, loaded);
        }
      }),
      { numRuns: 50 },
    );
    expect(treeCount).toBeGreaterThanOrEqual(50);
    expect([...typesSeen].sort()).toEqual(["attribute", "campaign", "event", "group", "language", "lifecycle", "premium", "seen", "segment", "source", "status", "tag", "value"]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------
// Hand-written examples of the trickier semantics
// ---------------------------------------------------------------------------------------

describe("segment semantics, by example", () => {
  const t0 = new Date(NOW_MS - 40 * DAY);
  const user = (id: string, extra: Partial<TEvalUser> = {}): TEvalUser => ({
    id, botId, firstSeenAt: t0, lastSeenAt: t0, blockedAt: null, unsubscribedAt: null, source: null, languageCode: null, isPremium: false, attributes: {}, ...extra,
  });
  const event = (userId: string, name: string, daysAgo: number, properties: Record<string, unknown> = {}): TEvalEvent => ({
    telegramUserId: userId, name, occurredAt: new Date(NOW_MS - daysAgo * DAY), properties,
  });

  async function load(users: TEvalUser[], events: TEvalEvent[] = [], segments: TEvalSegment[] = [], campaigns: Pick<TEvalDataset, "campaigns" | "recipients"> = { campaigns: [], recipients: [] }): Promise<TLoaded> {
    const data: TEvalDataset = { users, userTags: [], events, segments, ...campaigns };
    const loaded: TLoaded = { data, lifecycle: { newDays: 3, activeDays: 7, dormantDays: 30 }, userIds: users.filter((u) => u.botId === botId).map((u) => u.id) };
    await loadIntoDatabase(data, loaded.lifecycle);
    return loaded;
  }

  /** Both the evaluator and the SQL select exactly `ids`. */
  async function expectSelects(raw: TRaw, loaded: TLoaded, ids: string[]): Promise<void> {
    const rules = parseRules(raw);
    expect(sorted(evalIds(rules, loaded))).toEqual([...ids].sort());
    await checkTree(rules, loaded);
  }

  it("neq includes users without the attribute (and with null or another type)", async () => {
    const loaded = await load([
      user("a", { attributes: { plan: "pro" } }),
      user("b", { attributes: {} }),
      user("c", { attributes: { plan: null } }),
      user("d", { attributes: { plan: 5 } }),
      user("e", { attributes: { plan: "PRO" } }),
      user("f", { attributes: { plan: "free" } }),
    ]);
    const neq = { type: "attribute", key: "plan", valueType: "text", op: "neq", value: "pro" };
    await expectSelects({ type: "group", op: "and", children: [neq] }, loaded, ["b", "c", "d", "f"]);
    await expectSelects({ type: "group", op: "and", children: [{ ...neq, valueType: "number", value: 5 }] }, loaded, ["a", "b", "c", "e", "f"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "attribute", key: "plan", op: "not_exists", valueType: "text" }] }, loaded, ["b", "c"]);
  });

  it("at_most and exactly 0 include users with no events at all", async () => {
    const loaded = await load(
      [user("none"), user("one"), user("two"), user("old")],
      [event("one", "purchase", 1), event("two", "purchase", 1), event("two", "purchase", 2), event("old", "purchase", 10), event("none", "open", 1)],
    );
    const window = { kind: "last_days", days: 7 };
    await expectSelects({ type: "group", op: "and", children: [{ type: "event", name: "purchase", count: { op: "at_most", n: 1 }, window }] }, loaded, ["none", "one", "old"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "event", name: "purchase", count: { op: "exactly", n: 0 } }] }, loaded, ["none"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "event", name: "purchase", did: false, window }] }, loaded, ["none", "old"]);
  });

  it("a value sum below a positive bound includes users with no events; non-numbers count as 0", async () => {
    const loaded = await load(
      [user("none"), user("small"), user("big"), user("text")],
      [event("small", "purchase", 1, { amount: 2 }), event("big", "purchase", 1, { amount: 3 }), event("big", "purchase", 2, { amount: 4.5 }), event("text", "purchase", 1, { amount: "100" })],
    );
    await expectSelects({ type: "group", op: "and", children: [{ type: "value", event: "purchase", measure: "sum", property: "amount", op: "lt", value: 5 }] }, loaded, ["none", "small", "text"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "value", event: "purchase", measure: "sum", property: "amount", op: "eq", value: 0 }] }, loaded, ["none", "text"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "value", event: "purchase", measure: "count", op: "lte", value: 1 }] }, loaded, ["none", "small", "text"]);
  });

  it("an empty 'or' matches no one, an empty 'and' everyone, and not flips both", async () => {
    const loaded = await load([user("a"), user("b", { blockedAt: NOW }), { ...user("x"), botId: otherBotId }]);
    await expectSelects({ type: "group", op: "or", children: [] }, loaded, []);
    await expectSelects({ type: "group", op: "and", children: [] }, loaded, ["a", "b"]);
    await expectSelects({ type: "group", op: "or", not: true, children: [] }, loaded, ["a", "b"]);
    await expectSelects({ type: "group", op: "and", not: true, children: [] }, loaded, []);
    await expectSelects({ type: "group", op: "and", children: [{ type: "group", op: "or", children: [] }, { type: "status", status: "reachable" }] }, loaded, []);
    await expectSelects({ type: "group", op: "or", children: [{ type: "group", op: "and", children: [] }, { type: "status", status: "blocked" }] }, loaded, ["a", "b"]);
  });

  it("window boundaries: last_days includes now - D exactly, between ends before the next day's 00:00", async () => {
    const loaded = await load(
      [user("edge"), user("before"), user("dayEnd"), user("nextDay")],
      [
        { telegramUserId: "edge", name: "open", occurredAt: new Date(NOW_MS - 7 * DAY), properties: {} },
        { telegramUserId: "before", name: "open", occurredAt: new Date(NOW_MS - 7 * DAY - 1), properties: {} },
        { telegramUserId: "dayEnd", name: "open", occurredAt: new Date(dayStart("2026-06-02") - 1), properties: {} },
        { telegramUserId: "nextDay", name: "open", occurredAt: new Date(dayStart("2026-06-02")), properties: {} },
      ],
    );
    await expectSelects({ type: "group", op: "and", children: [{ type: "event", name: "open", window: { kind: "last_days", days: 7 } }] }, loaded, ["edge"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "event", name: "open", window: { kind: "between", from: "2026-06-01", to: "2026-06-01" } }] }, loaded, ["dayEnd"]);
  });

  it("segment references: a static segment's frozen list, a dynamic segment's rules at the same now", async () => {
    const dynRules = parseRules({ type: "group", op: "and", children: [{ type: "premium", value: true }] });
    const staticRules = parseRules({ type: "group", op: "and", children: [] });
    const loaded = await load(
      [user("p", { isPremium: true }), user("q"), user("r")],
      [],
      [
        { id: "seg0", botId, kind: "STATIC", rules: staticRules, memberIds: ["q"] },
        { id: "seg1", botId, kind: "DYNAMIC", rules: dynRules, memberIds: ["r"] },
      ],
    );
    await expectSelects({ type: "group", op: "and", children: [{ type: "segment", segmentId: "seg0" }] }, loaded, ["q"]);
    await expectSelects({ type: "group", op: "and", children: [{ type: "segment", segmentId: "seg1", in: false }] }, loaded, ["q", "r"]);
    await expectSelects({ type: "group", op: "or", children: [{ type: "segment", segmentId: "seg0" }, { type: "segment", segmentId: "seg1" }] }, loaded, ["p", "q"]);
  });

  it("campaign interactions count only SENT rows: not the control group, pending, failed or skipped ones", async () => {
    const at = new Date(NOW_MS - DAY);
    const row = (telegramUserId: string, state: TEvalRecipient["state"], extra: Partial<TEvalRecipient> = {}): TEvalRecipient => ({
      campaignId: "camp0", telegramUserId, stage: 1, state, clickedAt: null, repliedAt: null, ...extra,
    });
    const loaded = await load(
      ["clicked", "replied", "quiet", "pending", "control", "failed", "none", "other"].map((id) => user(id)),
      [],
      [],
      {
        campaigns: [{ id: "camp0", botId, status: "COMPLETED" }, { id: "camp1", botId, status: "RUNNING" }],
        recipients: [
          row("clicked", "SENT", { clickedAt: at }),
          row("replied", "SENT", { repliedAt: at }),
          row("quiet", "SENT"),
          row("pending", "PENDING"),
          row("control", "PENDING", { stage: 0, clickedAt: at }),
          row("failed", "FAILED", { clickedAt: at, repliedAt: at }),
          row("other", "SENT", { campaignId: "camp1", clickedAt: at }),
        ],
      },
    );
    const campaign = (interaction: string) => ({ type: "group", op: "and", children: [{ type: "campaign", campaignId: "camp0", interaction }] });
    await expectSelects(campaign("received"), loaded, ["clicked", "replied", "quiet"]);
    await expectSelects(campaign("clicked"), loaded, ["clicked"]);
    await expectSelects(campaign("not_clicked"), loaded, ["replied", "quiet"]);
    await expectSelects({ ...campaign("received"), not: true }, loaded, ["pending", "control", "failed", "none", "other"]);
  });
});
