// The one module that turns a rule tree into SQL: a boolean expression over the
// TelegramUser row aliased `u`, parameterised throughout (Prisma.sql: no user input is
// ever concatenated into the text). The semantics are documented in rules.ts.
//
// Shape of the SQL, chosen for PostgreSQL's planner:
// - conditions on the user's own columns stay column predicates (indexes on lastSeenAt,
//   firstSeenAt, source apply);
// - conditions on other tables are `u."id" IN (SELECT … )` with an uncorrelated subquery:
//   under AND the planner turns it into a semi-join, under OR / NOT into one hashed
//   subplan (built once per query, not per user: count-segment.ts raises work_mem so it fits);
// - every condition is two-valued (never NULL), so NOT and OR mean what they say.
import { Prisma } from "../db/client";
import { sqlTimestamp } from "../db/sql";
import { AppError } from "../errors/app-error";
import { lifecycleStageConditions, type TLifecycleSettings } from "./lifecycle";
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

export type TSegmentRef = { id: string; name: string; kind: "DYNAMIC" | "STATIC"; rules: TRules };

export type TCompileContext = {
  botId: string;
  /** The one instant every time condition is measured from. */
  now: Date;
  lifecycle: TLifecycleSettings;
  /** Another segment of the same bot, for `segment` conditions (null when there is none). */
  loadSegment: (segmentId: string) => Promise<TSegmentRef | null>;
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

/** A test of one key of a JSON object column (attributes or properties); never NULL. */
function valueTestSql(json: Prisma.Sql, t: TValueTestLike): Prisma.Sql {
  const v = Prisma.sql`(${json} -> ${t.key})`;
  const text = Prisma.sql`(${json} ->> ${t.key})`;
  const typeIs = (jt: string) => Prisma.sql`coalesce(jsonb_typeof(${v}) = ${jt}, false)`;
  if (t.op === "exists") return Prisma.sql`coalesce(jsonb_typeof(${v}) <> 'null', false)`;
  if (t.op === "not_exists") return Prisma.sql`coalesce(jsonb_typeof(${v}) = 'null', true)`;
  if (t.op === "neq") return not(valueTestSql(json, { ...t, op: "eq" }));
  switch (t.valueType) {
    case "text": {
      const needle = String(t.value).toLowerCase();
      if (t.op === "contains") return Prisma.sql`(${typeIs("string")} AND strpos(lower(${text}), ${needle}) > 0)`;
      return Prisma.sql`(${typeIs("string")} AND lower(${text}) = ${needle})`;
    }
    case "number": {
      // The CASE keeps the cast away from anything that is not a JSON number.
      const n = Prisma.sql`(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric END)`;
      const op = t.op === "lt" ? Prisma.sql`<` : t.op === "gt" ? Prisma.sql`>` : Prisma.sql`=`;
      return Prisma.sql`coalesce(${n} ${op} ${String(t.value)}::numeric, false)`;
    }
    case "date": {
      const day = Prisma.sql`(CASE WHEN jsonb_typeof(${v}) = 'string' AND ${text} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN left(${text}, 10) END)`;
      const op = t.op === "lt" ? Prisma.sql`<` : t.op === "gt" ? Prisma.sql`>` : Prisma.sql`=`;
      return Prisma.sql`coalesce(${day} ${op} ${String(t.value)}::text, false)`;
    }
    case "boolean":
      return Prisma.sql`coalesce(${v} = ${t.value === true ? "true" : "false"}::jsonb, false)`;
  }
}

/** Users among `u` whose id is in a subquery returning telegramUserId values. */
function inSet(subquery: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`u."id" IN (${subquery})`;
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
function eventAtLeast(q: TEventQuery, n: number, ctx: TState): Prisma.Sql {
  if (n <= 0) return TRUE;
  if (!q.where && !q.window) {
    const more = n > 1 ? Prisma.sql` AND s."count" >= ${n}` : Prisma.empty;
    return inSet(Prisma.sql`SELECT s."telegramUserId" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${q.name}${more}`);
  }
  if (!q.where && q.window?.kind === "last_days" && n <= RECENT_TIMES) {
    const cutoff = ts(new Date(ctx.now.getTime() - q.window.days * DAY_MS));
    const more = n > 1 ? Prisma.sql` AND s."recent"[${n}::int] >= ${cutoff}` : Prisma.empty;
    return inSet(
      Prisma.sql`SELECT s."telegramUserId" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${q.name} AND s."lastAt" >= ${cutoff}${more}`,
    );
  }
  const filter = eventFilter(ctx, q.name, q.window, q.where);
  if (n === 1) return inSet(Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter}`);
  return inSet(Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter} GROUP BY e."telegramUserId" HAVING count(*) >= ${n}`);
}

function eventSql(rule: TEventRule, ctx: TState): Prisma.Sql {
  let expr: Prisma.Sql;
  const count = rule.count ?? { op: "at_least" as const, n: 1 };
  switch (count.op) {
    case "at_least":
      expr = eventAtLeast(rule, count.n, ctx);
      break;
    case "at_most":
      expr = not(eventAtLeast(rule, count.n + 1, ctx));
      break;
    case "exactly":
      if (count.n === 0) expr = not(eventAtLeast(rule, 1, ctx));
      else if (!rule.where && (!rule.window || (rule.window.kind === "last_days" && count.n < RECENT_TIMES))) {
        expr = Prisma.sql`(${eventAtLeast(rule, count.n, ctx)} AND ${not(eventAtLeast(rule, count.n + 1, ctx))})`;
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
  if (rule.measure === "count" && !rule.window) {
    // A user's count of an event over all time is UserEventStat's count (0 without a row).
    const test = Prisma.sql`s."count" ${COMPARE_SQL[rule.op]} ${String(rule.value)}::numeric`;
    const stats = (t: Prisma.Sql) =>
      inSet(Prisma.sql`SELECT s."telegramUserId" FROM "UserEventStat" s WHERE s."botId" = ${ctx.botId} AND s."name" = ${rule.event} AND ${t}`);
    return COMPARE[rule.op](0, rule.value) ? not(stats(Prisma.sql`NOT (${test})`)) : stats(test);
  }
  const filter = eventFilter(ctx, rule.event, rule.window, undefined);
  const agg =
    rule.measure === "count"
      ? Prisma.sql`count(*)::numeric`
      : Prisma.sql`sum(CASE WHEN jsonb_typeof(e."properties" -> ${rule.property}) = 'number' THEN (e."properties" -> ${rule.property})::numeric ELSE 0 END)`;
  const test = Prisma.sql`${agg} ${COMPARE_SQL[rule.op]} ${String(rule.value)}::numeric`;
  const grouped = (having: Prisma.Sql) =>
    Prisma.sql`SELECT e."telegramUserId" FROM "Event" e WHERE ${filter} GROUP BY e."telegramUserId" HAVING ${having}`;
  // A user without such events has the value 0: when 0 passes the test, everyone but the
  // users whose own value fails it matches.
  return COMPARE[rule.op](0, rule.value) ? not(inSet(grouped(Prisma.sql`NOT (${test})`))) : inSet(grouped(test));
}

function lifecycleSql(rule: TLifecycleRule, ctx: TState): Prisma.Sql {
  const stage = lifecycleStageConditions(ctx.now, ctx.lifecycle);
  const stages = [...new Set(rule.stages)];
  if (stages.length === 4) return TRUE;
  return Prisma.sql`(${Prisma.join(stages.map((s) => stage[s]), " OR ")})`;
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
      const has =
        node.match === "any" || ids.length === 1
          ? inSet(Prisma.sql`SELECT ut."telegramUserId" FROM "UserTag" ut WHERE ut."tagId" IN (${Prisma.join(ids)})`)
          : inSet(
              Prisma.sql`SELECT ut."telegramUserId" FROM "UserTag" ut WHERE ut."tagId" IN (${Prisma.join(ids)}) GROUP BY ut."telegramUserId" HAVING count(*) = ${ids.length}`,
            );
      return node.op === "has" ? has : not(has);
    }
    case "attribute":
      return valueTestSql(Prisma.sql`u."attributes"`, node);
    case "event":
      return eventSql(node, ctx);
    case "seen": {
      const col = node.field === "first" ? Prisma.sql`u."firstSeenAt"` : Prisma.sql`u."lastSeenAt"`;
      if (node.op === "between") return windowSql(col, { kind: "between", from: node.from!, to: node.to! }, ctx.now);
      const since = ts(new Date(ctx.now.getTime() - node.days! * DAY_MS));
      return node.op === "within_days" ? Prisma.sql`${col} >= ${since}` : Prisma.sql`${col} < ${since}`;
    }
    case "lifecycle":
      return lifecycleSql(node, ctx);
    case "source": {
      if (node.op === "none") return Prisma.sql`u."source" IS NULL`;
      const values = [...new Set(node.values)];
      if (node.op === "is") return Prisma.sql`(u."source" IS NOT NULL AND u."source" IN (${Prisma.join(values)}))`;
      return Prisma.sql`(u."source" IS NOT NULL AND (${Prisma.join(values.map((p) => Prisma.sql`starts_with(u."source", ${p})`), " OR ")}))`;
    }
    case "language":
      return Prisma.sql`(u."languageCode" IS NOT NULL AND lower(u."languageCode") IN (${Prisma.join([...new Set(node.languages)])}))`;
    case "status":
      if (node.status === "blocked") return Prisma.sql`u."blockedAt" IS NOT NULL`;
      if (node.status === "unsubscribed") return Prisma.sql`u."unsubscribedAt" IS NOT NULL`;
      return Prisma.sql`(u."blockedAt" IS NULL AND u."unsubscribedAt" IS NULL)`;
    case "premium":
      return node.value ? Prisma.sql`u."isPremium"` : Prisma.sql`(NOT u."isPremium")`;
    case "value":
      return valueSql(node, ctx);
    case "segment":
      return segmentRefSql(node.segmentId, node.in, ctx, path);
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
 * Compiles a (validated) rule tree to a boolean SQL expression over `u`. Throws
 * AppError INVALID_INPUT naming the path of a segment condition that points to a missing
 * segment or back to the segment itself (directly or through others).
 */
export async function compileRules(rules: TRules, ctx: TCompileContext): Promise<Prisma.Sql> {
  const stack = ctx.self ? [ctx.self] : [];
  return nodeSql(rules, { ...ctx, stack }, []);
}
