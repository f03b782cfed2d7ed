// The one module that turns a rule tree into SQL: a boolean expression over the
// SegmentUser row aliased `f` (one narrow row per user, kept by triggers; see the
// segment_facts migration), parameterised throughout (Prisma.sql: no user input is ever
// concatenated into the text). The semantics are documented in rules.ts.
//
// Shape of the SQL, chosen for PostgreSQL's planner:
// - conditions on the user's own facts (language, source, first / last seen, lifecycle,
//   status, premium, tags) are predicates on f's columns: a count is one pass over narrow
//   rows, and tags are an integer array with a 64-bit summary tested first;
// - conditions on other tables are `f."key" IN (SELECT … )` (UserEventStat, SegmentAttribute:
//   integer keys) or `f."userId" IN (SELECT … )` (Event, SegmentMember, CampaignRecipient)
//   with an uncorrelated subquery: under AND the planner turns it into a semi-join, under
//   OR / NOT into one hashed subplan (built once per query, not per user:
//   evaluate-segment.ts raises work_mem so it fits);
// - "did E" (at least once) from raw events (a property filter, or a window UserEventStat
//   cannot answer) is a correlated EXISTS: the planner can hash all matching events, or look
//   at the events of only the users the other conditions leave (Event's
//   (telegramUserId, occurredAt) index), whichever its estimates favour;
// - every condition is two-valued (never NULL), so NOT and OR mean what they say.
import { Prisma } from "../db/client";
import { sqlTimestamp } from "../db/sql";
import { AppError } from "../errors/app-error";
import { campaignRecipientsSql, type TCampaignRef } from "./compile-campaign";
import { lifecycleStagesCondition, type TLifecycleSettings, type TStageColumns } from "./lifecycle";
import {
  formatRulePath,
  type TEventRule,
  type TLifecycleRule,
  type TRuleNode,
  type TRules,
  type TValueRule,
  type TWindow,
} from "./rules";

const DAY_MS = 86_400_000;

/**
 * A tag's key, and whether its bit of SegmentUser.tagBits (key % 64) is its own: no other tag
 * shares it. That is only known for the snapshot the count runs in (a tag created later may
 * share the bit), so a context that compiles outside that snapshot says false.
 */
export type TTagKey = { key: number; ownBit: boolean };

export type TSegmentRef = { id: string; name: string; kind: "DYNAMIC" | "STATIC"; rules: TRules };

export type TCompileContext = {
  botId: string;
  /** Bot.key of that bot (SegmentUser is filtered on it); -1 when there is no such bot. */
  botKey: number;
  /** The one instant every time condition is measured from. */
  now: Date;
  lifecycle: TLifecycleSettings;
  /** Another segment of the same bot, for `segment` conditions (null when there is none). */
  loadSegment: (segmentId: string) => Promise<TSegmentRef | null>;
  /** Tag.key of each of these tag ids that names a tag (others are left out). */
  loadTagKeys: (tagIds: string[]) => Promise<Map<string, TTagKey>>;
  /** A campaign of the same bot, for `campaign` conditions (null when there is none). */
  loadCampaign: (campaignId: string) => Promise<TCampaignRef | null>;
  /** The segment being compiled, if it is stored: a reference back to it is a cycle. */
  self?: { id: string; name: string };
};

type TState = TCompileContext & {
  stack: { id: string; name: string }[];
  /** Inside a referenced segment's rules: the path, in the tree being compiled, of the reference. */
  via?: (string | number)[];
};

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;

const ts = sqlTimestamp;
/** 00:00 UTC of a YYYY-MM-DD day, `plusDays` later. */
function dayStart(day: string, plusDays = 0): Prisma.Sql {
  return ts(new Date(Date.parse(`${day}T00:00:00.000Z`) + plusDays * DAY_MS));
}

function not(e: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(NOT ${e})`;
}

function windowSql(column: Prisma.Sql, w: TWindow | undefined, now: Date): Prisma.Sql {
  if (!w) return TRUE;
  if (w.kind === "last_days") return Prisma.sql`${column} >= ${ts(new Date(now.getTime() - w.days * DAY_MS))}`;
  return Prisma.sql`(${column} >= ${dayStart(w.from)} AND ${column} < ${dayStart(w.to, 1)})`;
}

type TValueTestLike = { key: string; valueType: "text" | "number" | "date" | "boolean"; op: string; value?: string | number | boolean };

/**
 * Where a tested value lives: a key of a JSON object column (event properties, tested row
 * by row), or SegmentAttribute's typed columns. Each reads NULL for a value of another type.
 */
type TValueSource = {
  present: Prisma.Sql;
  /** lower() of a string value */
  text: Prisma.Sql;
  number: Prisma.Sql;
  boolean: Prisma.Sql;
  /** Makes a test two-valued where the caller needs it (a WHERE clause does not). */
  truth: (test: Prisma.Sql) => Prisma.Sql;
};

function jsonSource(json: Prisma.Sql, key: string): TValueSource {
  const v = Prisma.sql`(${json} -> ${key})`;
  // The CASEs keep casts away from values of other types.
  const ofType = (jt: string, value: Prisma.Sql) => Prisma.sql`(CASE WHEN jsonb_typeof(${v}) = ${jt} THEN ${value} END)`;
  return {
    present: Prisma.sql`(jsonb_typeof(${v}) <> 'null')`,
    text: ofType("string", Prisma.sql`lower(${json} ->> ${key})`),
    number: ofType("number", Prisma.sql`(${v})::numeric`),
    boolean: ofType("boolean", Prisma.sql`(${v})::boolean`),
    truth: (test) => Prisma.sql`coalesce(${test}, false)`,
  };
}

/** The test of an "exists", "eq", "contains", "lt" or "gt" op on a source. */
function positiveTestSql(src: TValueSource, t: TValueTestLike): Prisma.Sql {
  if (t.op === "exists") return src.truth(src.present);
  const op = t.op === "lt" ? Prisma.sql`<` : t.op === "gt" ? Prisma.sql`>` : Prisma.sql`=`;
  switch (t.valueType) {
    case "text": {
      const needle = String(t.value).toLowerCase();
      return src.truth(t.op === "contains" ? Prisma.sql`strpos(${src.text}, ${needle}) > 0` : Prisma.sql`${src.text} = ${needle}`);
    }
    case "number":
      return src.truth(Prisma.sql`${src.number} ${op} ${String(t.value)}::numeric`);
    case "date":
      return src.truth(Prisma.sql`(${src.text} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' AND left(${src.text}, 10) ${op} ${String(t.value)}::text)`);
    case "boolean":
      return src.truth(Prisma.sql`${src.boolean} = ${t.value === true}`);
  }
}

/** "not_exists" is NOT "exists" and "neq" is NOT "eq"; `positive` builds the others. */
function valueTest(t: TValueTestLike, positive: (t: TValueTestLike) => Prisma.Sql): Prisma.Sql {
  if (t.op === "not_exists") return not(positive({ ...t, op: "exists" }));
  if (t.op === "neq") return not(positive({ ...t, op: "eq" }));
  return positive(t);
}

/** A test of one key of a JSON object column (event properties); never NULL. */
function valueTestSql(json: Prisma.Sql, t: TValueTestLike): Prisma.Sql {
  return valueTest(t, (p) => positiveTestSql(jsonSource(json, p.key), p));
}

/** Users among `f` whose id is in a subquery returning telegramUserId values. */
function inSet(subquery: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`f."userId" IN (${subquery})`;
}

/** Users among `f` whose key is in a subquery returning TelegramUser.key values. */
function inKeys(subquery: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`f."key" IN (${subquery})`;
}

/**
 * Users of the bot being compiled for, listed by a subquery with one row per user (so its
 * rows can be counted as users: see compileSoleUserSet): TelegramUser.key or .id values.
 */
type TUserSet = { set: "key" | "userId"; rows: Prisma.Sql };

function isUserSet(x: Prisma.Sql | TUserSet): x is TUserSet {
  return "set" in x;
}

/** A condition: a boolean expression, or membership of a set. */
function cond(x: Prisma.Sql | TUserSet): Prisma.Sql {
  if (!isUserSet(x)) return x;
  return x.set === "key" ? inKeys(x.rows) : inSet(x.rows);
}

const ATTRIBUTE_SOURCE: TValueSource = {
  present: Prisma.sql`a."type" <> 'null'`,
  text: Prisma.sql`a."text"`,
  number: Prisma.sql`a."number"`,
  boolean: Prisma.sql`a."boolean"`,
  truth: (test) => test,
};

/**
 * An attribute condition, from SegmentAttribute `a` (one typed row per user and key): the
 * same tests as on the JSON. Its text, number and boolean columns are set only for a value
 * of that type, so the (botId, name, text | number, userKey) indexes answer without reading
 * the table.
 */
function attributeSql(ctx: TState, t: TValueTestLike): Prisma.Sql {
  return valueTest(t, (p) => cond(attributeSet(ctx, p)));
}

/** Users whose attribute passes a positive test (one SegmentAttribute row per user and key). */
function attributeSet(ctx: TState, t: TValueTestLike): TUserSet {
  return {
    set: "key",
    rows: Prisma.sql`SELECT a."userKey" FROM "SegmentAttribute" a WHERE a."botId" = ${ctx.botId} AND a."name" = ${t.key} AND ${positiveTestSql(ATTRIBUTE_SOURCE, t)}`,
  };
}

function eventFilter(ctx: TState, name: string, w: TWindow | undefined, where: TValueTestLike | undefined): Prisma.Sql {
  const parts = [
    Prisma.sql`e."botId" = ${ctx.botId}`,
    Prisma.sql`e."name" = ${name}`,
  ];
  if (w) parts.push(windowSql(Prisma.sql`e."occurredAt"`, w, ctx.now));
  if (where) parts.push(valueTestSql(Prisma.sql`e."properties"`, where));
  return Prisma.join(parts, " AND ");
}

/** How many of each user's most recent times per event name UserEventStat keeps. */
export const RECENT_TIMES = 16;

type TEventQuery = { name: string; window?: TWindow; where?: TValueTestLike };

/**
 * Users with at least `n` matching events. From UserEventStat when it answers exactly:
 * no property filter, and no window (its count) or a last-days window with n <= 16 (the
 * n-th most recent time is inside the window); otherwise from Event.
 */
function eventAtLeast(q: TEventQuery, n: number, ctx: TState): Prisma.Sql | TUserSet {
  if (n <= 0) return TRUE;
  // UserEventStat has one row per user and event name; its botId is the events' bot, and an
  // event's user is always one of its bot's users (Event's foreign key includes the bot).
  if (!q.where && !q.window) {
    const more = n > 1 ? Prisma.sql` AND s."count" >= ${n}` : Prisma.empty;
    return { set: "key", rows: Prisma.sql`SELECT s."userKey" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${q.name}${more}` };
  }
  if (!q.where && q.window?.kind === "last_days" && n <= RECENT_TIMES) {
    const cutoff = ts(new Date(ctx.now.getTime() - q.window.days * DAY_MS));
    const more = n > 1 ? Prisma.sql` AND s."recent"[${n}::int] >= ${cutoff}` : Prisma.empty;
    return {
      set: "key",
      rows: Prisma.sql`SELECT s."userKey" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${q.name} AND s."lastAt" >= ${cutoff}${more}`,
    };
  }
  const filter = eventFilter(ctx, q.name, q.window, q.where);
  // A correlated EXISTS lets the planner choose: one hashed pass over the matching events
  // when many users are left to test, or a look at each remaining user's own events (the
  // (telegramUserId, occurredAt) index) when the other conditions leave few.
  if (n === 1) return Prisma.sql`EXISTS (SELECT 1 FROM "Event" e WHERE e."telegramUserId" = f."userId" AND ${filter})`;
  return { set: "userId", rows: Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter} GROUP BY e."telegramUserId" HAVING count(*) >= ${n}` };
}

/** An event condition's count: at least once unless it says otherwise. */
function countOf(rule: TEventRule): NonNullable<TEventRule["count"]> {
  return rule.count ?? { op: "at_least", n: 1 };
}

function eventSql(rule: TEventRule, ctx: TState): Prisma.Sql {
  let expr: Prisma.Sql;
  const count = countOf(rule);
  switch (count.op) {
    case "at_least":
      expr = cond(eventAtLeast(rule, count.n, ctx));
      break;
    case "at_most":
      expr = not(cond(eventAtLeast(rule, count.n + 1, ctx)));
      break;
    case "exactly":
      if (count.n === 0) expr = not(cond(eventAtLeast(rule, 1, ctx)));
      else if (!rule.where && (!rule.window || (rule.window.kind === "last_days" && count.n < RECENT_TIMES))) {
        expr = Prisma.sql`(${cond(eventAtLeast(rule, count.n, ctx))} AND ${not(cond(eventAtLeast(rule, count.n + 1, ctx)))})`;
      } else {
        const filter = eventFilter(ctx, rule.name, rule.window, rule.where);
        expr = inSet(Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter} GROUP BY e."telegramUserId" HAVING count(*) = ${count.n}`);
      }
      break;
  }
  return rule.did === false ? not(expr) : expr;
}

const COMPARE = { gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b, lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b, eq: (a: number, b: number) => a === b };
const COMPARE_SQL = { gt: Prisma.sql`>`, gte: Prisma.sql`>=`, lt: Prisma.sql`<`, lte: Prisma.sql`<=`, eq: Prisma.sql`=` };

function valueSql(rule: TValueRule, ctx: TState): Prisma.Sql {
  // A user without such events has the value 0: when 0 passes the test, everyone but the
  // users whose own value fails it matches.
  return COMPARE[rule.op](0, rule.value) ? not(cond(valueSet(rule, ctx, false))) : cond(valueSet(rule, ctx, true));
}

/** Users with events whose value passes the test (`passes`) or fails it. */
function valueSet(rule: TValueRule, ctx: TState, passes: boolean): TUserSet {
  if (rule.measure === "count" && !rule.window) {
    // A user's count of an event over all time is UserEventStat's count (0 without a row).
    const test = Prisma.sql`s."count" ${COMPARE_SQL[rule.op]} ${String(rule.value)}::numeric`;
    return {
      set: "key",
      rows: Prisma.sql`SELECT s."userKey" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${rule.event} AND ${passes ? test : not(test)}`,
    };
  }
  const filter = eventFilter(ctx, rule.event, rule.window, undefined);
  const agg =
    rule.measure === "count"
      ? Prisma.sql`count(*)::numeric`
      : Prisma.sql`sum(CASE WHEN jsonb_typeof(e."properties" -> ${rule.property}) = 'number' THEN (e."properties" -> ${rule.property})::numeric ELSE 0 END)`;
  const test = Prisma.sql`${agg} ${COMPARE_SQL[rule.op]} ${String(rule.value)}::numeric`;
  return { set: "userId", rows: Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter} GROUP BY e."telegramUserId" HAVING ${passes ? test : not(test)}` };
}

const FACT_STAGE_COLUMNS: TStageColumns = {
  firstSeenAt: Prisma.sql`f."firstSeenAt"`,
  lastSeenAt: Prisma.sql`f."lastSeenAt"`,
  blocked: Prisma.sql`f."blocked"`,
};

/**
 * Tag conditions on f's tags (the ids are turned into keys here). When every tag's bit of the
 * 64-bit summary is its own, the summary answers alone; otherwise the CASE makes PostgreSQL
 * test the summary first, which rules most users out before the sorted key array is read.
 * An id that names no tag matches no one.
 */
async function tagSql(ctx: TState, tagIds: string[], match: "any" | "all"): Promise<Prisma.Sql> {
  const found = [...(await ctx.loadTagKeys(tagIds)).values()];
  if (found.length === 0 || (match === "all" && found.length < tagIds.length)) return FALSE;
  const keys = found.map((t) => t.key);
  let mask = 0n;
  for (const k of keys) mask |= 1n << BigInt(k % 64);
  const bits = Prisma.sql`${BigInt.asIntN(64, mask).toString()}::bigint`;
  const summary = match === "any" ? Prisma.sql`(f."tagBits" & ${bits}) <> 0` : Prisma.sql`(f."tagBits" & ${bits}) = ${bits}`;
  if (found.every((t) => t.ownBit)) return Prisma.sql`(${summary})`;
  const array = Prisma.sql`ARRAY[${Prisma.join(keys)}]::int[]`;
  const test = match === "any" ? Prisma.sql`f."tagKeys" && ${array}` : Prisma.sql`f."tagKeys" @> ${array}`;
  return Prisma.sql`(CASE WHEN ${summary} THEN ${test} ELSE false END)`;
}

function lifecycleSql(rule: TLifecycleRule, ctx: TState): Prisma.Sql {
  return lifecycleStagesCondition(ctx.now, ctx.lifecycle, rule.stages, FACT_STAGE_COLUMNS);
}

async function nodeSql(node: TRuleNode, ctx: TState, path: (string | number)[]): Promise<Prisma.Sql> {
  switch (node.type) {
    case "group": {
      const parts: Prisma.Sql[] = [];
      for (let i = 0; i < node.children.length; i++) parts.push(await nodeSql(node.children[i]!, ctx, [...path, "children", i]));
      const body =
        parts.length === 0 ? (node.op === "and" ? TRUE : FALSE) : Prisma.sql`(${Prisma.join(parts, node.op === "and" ? " AND " : " OR ")})`;
      return node.not ? not(body) : body;
    }
    case "tag": {
      const ids = [...new Set(node.tagIds)];
      const has = await tagSql(ctx, ids, ids.length === 1 ? "any" : node.match);
      return node.op === "has" ? has : not(has);
    }
    case "attribute":
      return attributeSql(ctx, node);
    case "event":
      return eventSql(node, ctx);
    case "seen": {
      const col = node.field === "first" ? Prisma.sql`f."firstSeenAt"` : Prisma.sql`f."lastSeenAt"`;
      if (node.op === "between") return windowSql(col, { kind: "between", from: node.from!, to: node.to! }, ctx.now);
      const since = ts(new Date(ctx.now.getTime() - node.days! * DAY_MS));
      return node.op === "within_days" ? Prisma.sql`${col} >= ${since}` : Prisma.sql`${col} < ${since}`;
    }
    case "lifecycle":
      return lifecycleSql(node, ctx);
    case "source": {
      if (node.op === "none") return Prisma.sql`f."source" IS NULL`;
      const values = [...new Set(node.values)];
      if (node.op === "is") return Prisma.sql`(f."source" IS NOT NULL AND f."source" IN (${Prisma.join(values)}))`;
      return Prisma.sql`(f."source" IS NOT NULL AND (${Prisma.join(values.map((p) => Prisma.sql`starts_with(f."source", ${p})`), " OR ")}))`;
    }
    case "language":
      return Prisma.sql`(f."language" IS NOT NULL AND f."language" IN (${Prisma.join([...new Set(node.languages)])}))`;
    case "status":
      if (node.status === "blocked") return Prisma.sql`f."blocked"`;
      if (node.status === "unsubscribed") return Prisma.sql`f."unsubscribed"`;
      return Prisma.sql`(NOT f."blocked" AND NOT f."unsubscribed")`;
    case "premium":
      return node.value ? Prisma.sql`f."premium"` : Prisma.sql`(NOT f."premium")`;
    case "value":
      return valueSql(node, ctx);
    case "segment":
      return segmentRefSql(node.segmentId, node.in, ctx, path);
    case "campaign":
      return inSet(await campaignRecipientsSql(node, ctx, path));
  }
}

async function segmentRefSql(segmentId: string, isIn: boolean, ctx: TState, path: (string | number)[]): Promise<Prisma.Sql> {
  // Errors name the node of the tree being edited, even when found inside a referenced segment.
  const where = formatRulePath([...(ctx.via ?? path), "segmentId"]);
  const chain = (last: string) => [...ctx.stack.map((s) => `"${s.name}"`), `"${last}"`].join(" → ");
  if (ctx.stack.some((s) => s.id === segmentId)) {
    const self = ctx.stack.find((s) => s.id === segmentId)!;
    throw new AppError("INVALID_INPUT", `${where}: a segment cannot include itself (${chain(self.name)})`, { path: where });
  }
  const ref = await ctx.loadSegment(segmentId);
  if (!ref) throw new AppError("INVALID_INPUT", `${where}: no segment with id "${segmentId}" for this bot`, { path: where });
  let member: Prisma.Sql;
  if (ref.kind === "STATIC") {
    member = inSet(Prisma.sql`SELECT sm."telegramUserId" FROM "SegmentMember" sm WHERE sm."segmentId" = ${ref.id}`);
  } else {
    const inner: TState = { ...ctx, stack: [...ctx.stack, { id: ref.id, name: ref.name }], via: ctx.via ?? path };
    member = await nodeSql(ref.rules, inner, []);
  }
  return isIn ? member : not(member);
}

/**
 * Compiles a (validated) rule tree to a boolean SQL expression over SegmentUser `f`. Throws
 * AppError INVALID_INPUT naming the path of a segment condition that points to a missing
 * segment or back to the segment itself (directly or through others).
 */
export async function compileRules(rules: TRules, ctx: TCompileContext): Promise<Prisma.Sql> {
  const stack = ctx.self ? [ctx.self] : [];
  return nodeSql(rules, { ...ctx, stack }, []);
}

/**
 * A subquery listing the bot's users, one row per user (TelegramUser.key or .id), that are
 * exactly the users the tree selects, when the tree is a single condition answered by such a
 * set: "did E at least n times" (from UserEventStat, or Event grouped per user when n > 1), a
 * value above a positive bound, an attribute test other than ≠ and "does not exist". Null
 * otherwise. Counting its rows is cheaper than testing every user of the bot.
 */
export function compileSoleUserSet(rules: TRules, ctx: TCompileContext): Prisma.Sql | null {
  const state: TState = { ...ctx, stack: [] };
  let node: TRuleNode = rules;
  while (node.type === "group" && !node.not && node.children.length === 1) node = node.children[0]!;
  let set: Prisma.Sql | TUserSet | null = null;
  switch (node.type) {
    case "event": {
      const count = countOf(node);
      if (node.did !== false && count.op === "at_least") set = eventAtLeast(node, count.n, state);
      break;
    }
    case "value":
      if (!COMPARE[node.op](0, node.value)) set = valueSet(node, state, true);
      break;
    case "attribute":
      if (node.op !== "neq" && node.op !== "not_exists") set = attributeSet(state, node);
      break;
  }
  return set && isUserSet(set) ? set.rows : null;
}
