// An independent, in-memory evaluator of segment rule trees, written from the semantics
// in the header of lib/segments/rules.ts (and the stage rule documented in
// lib/segments/lifecycle.ts), NOT from the SQL compiler. The property test
// (tests/integration/segments-property.test.ts) compares the compiler's SQL with it.
// Deliberately plain: one user at a time, one condition at a time, no cleverness.
import type { TLifecycleStage, TRuleNode, TRules, TValueTest, TWindow } from "@/lib/segments/rules";

const DAY_MS = 86_400_000;

type TJson = unknown;

export type TEvalUser = {
  id: string;
  botId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  blockedAt: Date | null;
  unsubscribedAt: Date | null;
  source: string | null;
  languageCode: string | null;
  isPremium: boolean;
  attributes: Record<string, TJson>;
};

export type TEvalEvent = {
  telegramUserId: string;
  name: string;
  occurredAt: Date;
  properties: Record<string, TJson>;
};

export type TEvalSegment = {
  id: string;
  botId: string;
  kind: "DYNAMIC" | "STATIC";
  /** Used for DYNAMIC segments only. */
  rules: TRules;
  /** The frozen member list, used for STATIC segments only. */
  memberIds: string[];
};

export type TEvalCampaign = { id: string; botId: string; status: "DRAFT" | "SCHEDULED" | "RUNNING" | "PAUSED" | "STAGE_DONE" | "COMPLETED" | "CANCELLED" };

export type TEvalRecipient = {
  campaignId: string;
  telegramUserId: string;
  /** 0: the control group. */
  stage: number;
  state: "PENDING" | "SENDING" | "SENT" | "FAILED" | "SKIPPED";
  clickedAt: Date | null;
  repliedAt: Date | null;
};

export type TEvalDataset = {
  users: TEvalUser[];
  userTags: { telegramUserId: string; tagId: string }[];
  events: TEvalEvent[];
  segments: TEvalSegment[];
  campaigns: TEvalCampaign[];
  recipients: TEvalRecipient[];
};

export type TEvalLifecycle = { newDays: number; activeDays: number; dormantDays: number };

export type TEvalContext = { botId: string; now: Date; lifecycle: TEvalLifecycle };

/** The stage of one user, re-implemented from the doc comment of lifecycleStage(). */
export function evalLifecycleStage(user: TEvalUser, now: Date, s: TEvalLifecycle): TLifecycleStage {
  const t = now.getTime();
  if (user.blockedAt !== null) return "churned";
  if (user.firstSeenAt.getTime() >= t - s.newDays * DAY_MS) return "new";
  if (user.lastSeenAt.getTime() >= t - s.activeDays * DAY_MS) return "active";
  if (user.lastSeenAt.getTime() >= t - s.dormantDays * DAY_MS) return "dormant";
  return "churned";
}

function dayStart(day: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new Error(`evaluator: not a day: ${day}`);
  return ms;
}

/** [from, to) in epoch ms for a window / a seen "between". */
function betweenRange(from: string, to: string): [number, number] {
  return [dayStart(from), dayStart(to) + DAY_MS];
}

function inWindow(at: Date, window: TWindow | undefined, now: Date): boolean {
  if (!window) return true;
  const t = at.getTime();
  if (window.kind === "last_days") return t >= now.getTime() - window.days * DAY_MS;
  const [lo, hi] = betweenRange(window.from, window.to);
  return t >= lo && t < hi;
}

function hasOwn(obj: Record<string, TJson>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** "eq" of a value test, per value type (neq is defined as its negation). */
function valueEq(t: TValueTest, v: TJson): boolean {
  switch (t.valueType) {
    case "text":
      return typeof v === "string" && typeof t.value === "string" && v.toLowerCase() === t.value.toLowerCase();
    case "number":
      return typeof v === "number" && typeof t.value === "number" && v === t.value;
    case "date":
      return isDateLike(v) && typeof t.value === "string" && v.slice(0, 10) === t.value;
    case "boolean":
      return typeof v === "boolean" && v === t.value;
  }
}

function isDateLike(v: TJson): v is string {
  return typeof v === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(v);
}

/** One value test against a JSON object (user attributes or event properties). */
export function evalValueTest(t: TValueTest, obj: Record<string, TJson>): boolean {
  const present = hasOwn(obj, t.key);
  const v = present ? obj[t.key] : undefined;
  switch (t.op) {
    case "exists":
      return present && v !== null;
    case "not_exists":
      return !(present && v !== null);
    case "eq":
      return present && valueEq(t, v);
    case "neq":
      return !(present && valueEq(t, v));
    case "contains":
      if (t.valueType !== "text") throw new Error(`evaluator: contains on ${t.valueType}`);
      return typeof v === "string" && typeof t.value === "string" && v.toLowerCase().includes(t.value.toLowerCase());
    case "lt":
    case "gt": {
      let cmp: number;
      if (t.valueType === "number") {
        if (typeof v !== "number" || typeof t.value !== "number") return false;
        cmp = v < t.value ? -1 : v > t.value ? 1 : 0;
      } else if (t.valueType === "date") {
        if (!isDateLike(v) || typeof t.value !== "string") return false;
        const d = v.slice(0, 10);
        cmp = d < t.value ? -1 : d > t.value ? 1 : 0;
      } else {
        throw new Error(`evaluator: ${t.op} on ${t.valueType}`);
      }
      return t.op === "lt" ? cmp < 0 : cmp > 0;
    }
  }
}

function compareNumber(op: "gt" | "gte" | "lt" | "lte" | "eq", a: number, b: number): boolean {
  switch (op) {
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "eq":
      return a === b;
  }
}

/** The ids of the users of ctx.botId that `rules` selects. */
export function evaluateRulesInMemory(rules: TRules, data: TEvalDataset, ctx: TEvalContext): Set<string> {
  const tagsByUser = new Map<string, Set<string>>();
  for (const ut of data.userTags) {
    let s = tagsByUser.get(ut.telegramUserId);
    if (!s) tagsByUser.set(ut.telegramUserId, (s = new Set()));
    s.add(ut.tagId);
  }
  const eventsByUser = new Map<string, TEvalEvent[]>();
  for (const e of data.events) {
    let list = eventsByUser.get(e.telegramUserId);
    if (!list) eventsByUser.set(e.telegramUserId, (list = []));
    list.push(e);
  }
  const segmentMembers = new Map<string, Set<string>>();
  const resolving = new Set<string>();

  const membersOf = (segmentId: string): Set<string> => {
    const cached = segmentMembers.get(segmentId);
    if (cached) return cached;
    const seg = data.segments.find((s) => s.id === segmentId && s.botId === ctx.botId);
    if (!seg) throw new Error(`evaluator: no segment ${segmentId} of bot ${ctx.botId}`);
    if (resolving.has(segmentId)) throw new Error(`evaluator: segment cycle through ${segmentId}`);
    resolving.add(segmentId);
    const members = seg.kind === "STATIC" ? new Set(seg.memberIds) : evaluateRulesInMemory(seg.rules, data, ctx);
    resolving.delete(segmentId);
    segmentMembers.set(segmentId, members);
    return members;
  };

  const evalNode = (node: TRuleNode, user: TEvalUser): boolean => {
    const now = ctx.now;
    switch (node.type) {
      case "group": {
        const results = node.children.map((c) => evalNode(c, user));
        const r = node.op === "and" ? results.every(Boolean) : results.some(Boolean);
        return node.not ? !r : r;
      }
      case "tag": {
        const has = tagsByUser.get(user.id) ?? new Set<string>();
        const anyOf = node.tagIds.some((id) => has.has(id));
        const allOf = node.tagIds.every((id) => has.has(id));
        if (node.op === "has") return node.match === "any" ? anyOf : allOf;
        return node.match === "any" ? !anyOf : !allOf;
      }
      case "attribute":
        return evalValueTest(node, user.attributes);
      case "event": {
        const events = eventsByUser.get(user.id) ?? [];
        let c = 0;
        for (const e of events) {
          if (e.name !== node.name) continue;
          if (!inWindow(e.occurredAt, node.window, now)) continue;
          if (node.where && !evalValueTest(node.where, e.properties)) continue;
          c++;
        }
        let r: boolean;
        if (!node.count) r = c >= 1;
        else if (node.count.op === "at_least") r = c >= node.count.n;
        else if (node.count.op === "at_most") r = c <= node.count.n;
        else r = c === node.count.n;
        return node.did ? r : !r;
      }
      case "seen": {
        const at = (node.field === "first" ? user.firstSeenAt : user.lastSeenAt).getTime();
        if (node.op === "between") {
          const [lo, hi] = betweenRange(node.from!, node.to!);
          return at >= lo && at < hi;
        }
        const cutoff = now.getTime() - node.days! * DAY_MS;
        return node.op === "within_days" ? at >= cutoff : at < cutoff;
      }
      case "lifecycle":
        return node.stages.includes(evalLifecycleStage(user, now, ctx.lifecycle));
      case "source":
        if (node.op === "none") return user.source === null;
        if (user.source === null) return false;
        if (node.op === "is") return node.values.includes(user.source);
        return node.values.some((v) => user.source!.startsWith(v));
      case "language":
        return user.languageCode !== null && node.languages.includes(user.languageCode.toLowerCase());
      case "status":
        if (node.status === "blocked") return user.blockedAt !== null;
        if (node.status === "unsubscribed") return user.unsubscribedAt !== null;
        return user.blockedAt === null && user.unsubscribedAt === null;
      case "premium":
        return user.isPremium === node.value;
      case "value": {
        const events = eventsByUser.get(user.id) ?? [];
        let v = 0;
        for (const e of events) {
          if (e.name !== node.event) continue;
          if (!inWindow(e.occurredAt, node.window, now)) continue;
          if (node.measure === "count") v += 1;
          else {
            const p = hasOwn(e.properties, node.property!) ? e.properties[node.property!] : undefined;
            v += typeof p === "number" ? p : 0;
          }
        }
        return compareNumber(node.op, v, node.value);
      }
      case "segment": {
        const inIt = membersOf(node.segmentId).has(user.id);
        return node.in ? inIt : !inIt;
      }
      case "campaign": {
        const campaign = data.campaigns.find((c) => c.id === node.campaignId && c.botId === ctx.botId);
        if (!campaign || campaign.status === "DRAFT") throw new Error(`evaluator: no launched campaign ${node.campaignId} of bot ${ctx.botId}`);
        const row = data.recipients.find((r) => r.campaignId === node.campaignId && r.telegramUserId === user.id);
        if (!row || row.state !== "SENT") return false;
        if (node.interaction === "received") return true;
        if (node.interaction === "clicked") return row.clickedAt !== null;
        return row.clickedAt === null;
      }
    }
  };

  const out = new Set<string>();
  for (const user of data.users) {
    if (user.botId !== ctx.botId) continue;
    if (evalNode(rules, user)) out.add(user.id);
  }
  return out;
}
