// What blocks a campaign's launch, step by step: the wizard shows it before launch and the
// API refuses a launch with the same messages (400).
import { db, Prisma } from "../db/client";
import { templateTokens } from "../flows/template";
import { audienceWhere } from "./audience";
import { variantProblems } from "./variant-problems";
import { ZAudience, ZCampaignMessage, ZRollout, ZSchedule, type TAudience, type TCampaignMessage } from "./schemas";

export type TCampaignProblem = { step: "audience" | "message" | "rollout" | "schedule"; message: string };

const FIELD_SQL: Record<string, Prisma.Sql> = {
  last_name: Prisma.sql`COALESCE(u."lastName", '') = ''`,
  username: Prisma.sql`COALESCE(u."username", '') = ''`,
  language: Prisma.sql`COALESCE(u."languageCode", '') = ''`,
};

export function messageProblems(m: TCampaignMessage): TCampaignProblem[] {
  const out: TCampaignProblem[] = [];
  const sum = m.variants.reduce((s, v) => s + v.share, 0);
  if (sum !== 100) out.push({ step: "message", message: `The variants' shares add up to ${sum}%, not 100%.` });
  for (const v of m.variants) {
    const name = m.variants.length > 1 ? `Variant ${v.name}: ` : "";
    for (const p of variantProblems(v, name)) out.push({ step: "message", message: p });
    const ids = v.buttons.flat().map((b) => b.id);
    if (new Set(ids).size !== ids.length) out.push({ step: "message", message: `${name}two buttons share an id.` });
  }
  return out;
}

/** Tokens without a fallback that some recipients have no value for. */
async function missingTokenProblems(botId: string, a: TAudience, m: TCampaignMessage, now: Date): Promise<TCampaignProblem[]> {
  const names = new Set<string>();
  for (const v of m.variants) {
    for (const t of [...templateTokens(v.text), ...v.buttons.flat().flatMap((b) => (b.kind === "url" ? templateTokens(b.url) : []))]) {
      if (t.fallback === null && t.name !== "first_name" && t.name !== "telegram_id") names.add(t.name);
    }
  }
  if (names.size === 0) return [];
  const where = await audienceWhere(botId, a, now);
  const out: TCampaignProblem[] = [];
  for (const name of names) {
    const empty = name.startsWith("attr.")
      ? Prisma.sql`COALESCE(u."attributes"->>${name.slice(5)}, '') = ''`
      : (FIELD_SQL[name] ?? Prisma.sql`false`);
    const rows = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "TelegramUser" u WHERE ${where} AND ${empty}`;
    const n = rows[0]?.n ?? 0;
    if (n > 0) out.push({ step: "message", message: `{${name}} has no fallback and ${n.toLocaleString("en")} recipient${n === 1 ? " has" : "s have"} no value for it: write it as {${name}|something}.` });
  }
  return out;
}

export async function audienceCount(botId: string, a: TAudience, now = new Date()): Promise<number> {
  const where = await audienceWhere(botId, a, now);
  const rows = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "TelegramUser" u WHERE ${where}`;
  return rows[0]?.n ?? 0;
}

export async function checkCampaign(c: { botId: string; audience: unknown; message: unknown; rollout: unknown; schedule: unknown }, now = new Date()) {
  const problems: TCampaignProblem[] = [];
  const audience = ZAudience.parse(c.audience);
  const message = ZCampaignMessage.parse(c.message);
  const rollout = ZRollout.parse(c.rollout);
  const schedule = ZSchedule.parse(c.schedule);
  let count = 0;
  try {
    count = await audienceCount(c.botId, audience, now);
    if (count === 0) problems.push({ step: "audience", message: "The audience is empty: no user who has not blocked the bot matches it." });
  } catch (e) {
    problems.push({ step: "audience", message: e instanceof Error ? e.message : String(e) });
  }
  problems.push(...messageProblems(message));
  if (count > 0 && problems.length === 0) problems.push(...(await missingTokenProblems(c.botId, audience, message, now)));
  const s = rollout.stages;
  if (s.some((p, i) => i > 0 && p <= s[i - 1]!)) problems.push({ step: "rollout", message: "Each stage must reach a larger share than the one before." });
  if (s.length > 0 && s[s.length - 1] !== 100) problems.push({ step: "rollout", message: "The last stage must reach 100% of the audience." });
  if (schedule.mode === "at" && (!schedule.at || Date.parse(schedule.at) < now.getTime() - 60_000)) problems.push({ step: "schedule", message: "Choose a time in the future." });
  if (schedule.mode === "local" && (!schedule.localDate || !schedule.localTime)) problems.push({ step: "schedule", message: "Choose the date and the local time to send at." });
  if (schedule.quietHours && schedule.quietHours.from === schedule.quietHours.to) problems.push({ step: "schedule", message: "Quiet hours start and end at the same time: change one or turn them off." });
  const zone = await db().$queryRaw<{ ok: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE "name" = ${schedule.defaultTimeZone}) AS ok`;
  if (!zone[0]?.ok) problems.push({ step: "schedule", message: `“${schedule.defaultTimeZone}” is not a time zone (use a name such as Europe/Berlin).` });
  return { problems, audienceCount: count, audience, message, rollout, schedule };
}
