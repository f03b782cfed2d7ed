// The campaign sender of one bot (the `campaigns.dispatch` job). It holds the bot's send
// lease, so one process sends for a bot at a time and the rate holds with any number of
// workers. Each recipient moves PENDING → SENDING → SENT | FAILED | back to PENDING for a
// retry, every move conditional on the state before it, so nothing is sent twice. The
// claim (→ SENDING) commits together with its request (claim-recipients.ts, held requests):
// a crash before leaves neither, after leaves both. A recipient left SENDING by a dead
// sender is counted SENT and marked unconfirmed: its request went out (its answer was lost).
//
// Telegram's rules: `ratePerSecond` per bot (30; paid broadcast up to 1000 with
// allow_paid_broadcast), one message per chat per second, a 429 pauses the whole bot for
// retry_after (nothing is sent inside that window: requests go one at a time unless paid
// broadcast asks for more), 5xx and network errors are retried with backoff, 403 marks the
// user blocked and fails the recipient, 400 fails it with Telegram's reason.
import { randomUUID } from "node:crypto";
import { db, Prisma } from "../../db/client";
import { trackedLinkBase } from "../link-base";
import { log } from "../../log";
import { renderCampaignMessage } from "../render-message";
import { templateUser } from "../../flows/template";
import { ZCampaignMessage, ZSchedule, type TVariant } from "../schemas";
import { advanceCampaign } from "./advance-campaign";
import { recipientClaimer } from "./claim-recipients";
import { botApiAgent, openHeldRequest, type TBotApiAnswer, type THeldRequest } from "../../telegram/held-request";
import { LEASE_MS, SENDER_ID, leaseWait, pauseBot, pausedUntil, releaseLease, takeLease } from "./lease";

export const MAX_ATTEMPTS = 5;
const BATCH = 200;
const FLUSH_MS = 100;
const SKIP_EVERY_MS = 5000;

type TRecipientRow = {
  id: bigint;
  campaignId: string;
  chatId: bigint;
  stage: number;
  variantId: string | null;
  token: string;
  attempts: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
  telegramId: bigint;
  attributes: unknown;
};

type TResult = { id: bigint; state: "SENT" | "FAILED" | "PENDING"; messageId?: number; reason?: string; retryAt?: Date };

type TCampaignRow = { id: string; message: unknown; schedule: unknown; paidBroadcast: boolean; ratePerSecond: number; stage: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type TDispatchResult = { leased: boolean; sent: number; failed: number; more: boolean; waitMs: number };

/** Sends for one bot for up to `maxMs`; `more`: work remains (queue another dispatch after `waitMs`). */
export async function dispatchBot(botId: string, opts: { maxMs?: number; owner?: string } = {}): Promise<TDispatchResult> {
  // One owner per run, not per process: a second dispatch job of the bot in this same
  // process (the minute's tick) must find the lease taken, not share it.
  const owner = opts.owner ?? `${SENDER_ID}:${randomUUID().slice(0, 8)}`;
  const result: TDispatchResult = { leased: false, sent: 0, failed: 0, more: false, waitMs: 0 };
  // Another live sender has the bot: it continues itself. (If it died, its lease runs out
  // and the next tick or worker start picks the bot up again.)
  if (!(await takeLease(botId, owner))) return { ...result, more: false, waitMs: await leaseWait(botId, owner) };
  result.leased = true;
  const until = Date.now() + (opts.maxMs ?? 55_000);
  // The lease is renewed on a timer, whatever the lanes are waiting for (a slow rate, a
  // flood wait), and a claim succeeds only while it is held: a sender that lost it, or
  // stalled past it, cannot send beside the next holder.
  let leaseLost = false;
  let renewing: Promise<void> = Promise.resolve();
  const renewal = setInterval(() => {
    renewing = takeLease(botId, owner).then(
      (held) => void (leaseLost ||= !held),
      () => undefined,
    );
  }, LEASE_MS / 3);
  const claimer = recipientClaimer(botId, owner);
  let agent: ReturnType<typeof botApiAgent> | null = null;
  try {
    await recoverOrphans(botId, owner);
    const bot = await db().bot.findUnique({ where: { id: botId }, select: { token: true, apiRoot: true } });
    if (!bot) return result;
    const apiRoot = bot.apiRoot.replace(/\/+$/, "");
    agent = botApiAgent(apiRoot, 64);
    const linkBase = trackedLinkBase().url;
    let pause = await pausedUntil(botId);
    const lastByChat = new Map<bigint, number>();
    let skipped = { key: "", at: 0 };
    let ahead: { key: string; rows: Promise<TRecipientRow[]> } | null = null;
    /** When the latest requests went out (or will), oldest first. */
    const recent: number[] = [];

    while (Date.now() < until) {
      if (leaseLost) {
        log.warn("campaign sender lost its lease; stopping", { botId });
        return { ...result, more: true, waitMs: 1000 };
      }
      const campaign = (
        await db().$queryRaw<TCampaignRow[]>`
          SELECT "id", "message", "schedule", "paidBroadcast", "ratePerSecond", "stage" FROM "Campaign"
          WHERE "botId" = ${botId} AND "status" = 'RUNNING' ORDER BY "launchedAt" ASC LIMIT 1`
      )[0];
      if (!campaign) return result;
      // Users who blocked the bot or unsubscribed meanwhile: looked for every few seconds
      // (at paid-broadcast rates a batch lasts a second); a 403 catches the rest.
      if (skipped.key !== `${campaign.id}:${campaign.stage}` || Date.now() - skipped.at > SKIP_EVERY_MS) {
        await skipIneligible(campaign.id);
        skipped = { key: `${campaign.id}:${campaign.stage}`, at: Date.now() };
      }
      const quiet = ZSchedule.parse(campaign.schedule).quietHours;
      if (quiet) await deferQuietHours(campaign.id, quiet);
      // At paid-broadcast rates the next batch was read while this one was sent.
      const key = `${campaign.id}:${campaign.stage}`;
      let batch: TRecipientRow[] = ahead?.key === key ? await ahead.rows : [];
      ahead = null;
      if (batch.length === 0) batch = await nextRecipients(campaign);
      if (campaign.paidBroadcast && !quiet && batch.length > 0) {
        ahead = { key, rows: nextRecipients(campaign, batch[batch.length - 1]).catch(() => []) };
      }
      if (batch.length === 0) {
        const next = await advanceCampaign(campaign.id);
        if (next.waitMs !== null && next.waitMs > 0) return { ...result, more: true, waitMs: Math.min(next.waitMs, 60_000) };
        continue;
      }
      const variants = new Map<string, TVariant>(ZCampaignMessage.parse(campaign.message).variants.map((v) => [v.id, v]));
      const rate = Math.max(1, Math.min(campaign.paidBroadcast ? 1000 : 30, campaign.ratePerSecond));
      // A 2% margin under the limit: arrival times jitter.
      const interval = 1020 / rate;
      // One request at a time keeps a 429 from being followed by requests already in flight;
      // paid broadcast needs a few lanes to reach its rate.
      const lanes = campaign.paidBroadcast && rate > 30 ? Math.min(32, Math.ceil(rate / 30)) : 1;
      let nextSlot = Date.now();
      // A hard cap over the pacing, counted when requests are about to go out: at most `cap`
      // in any rolling second. With several lanes, requests whose claims share a statement
      // leave together, a few ms after their count: a wider margin keeps Telegram's count
      // (by arrival) under the rate too.
      const cap = rate - Math.floor(rate / (lanes > 1 ? 40 : 100));
      const buffer: TResult[] = [];
      let lastFlush = Date.now();
      const flush = async () => {
        if (buffer.length === 0) return;
        const rows = buffer.splice(0);
        await writeResults(rows, owner);
        lastFlush = Date.now();
      };

      let index = 0;
      const lane = async () => {
        while (!leaseLost && index < batch.length && Date.now() < until) {
          const r = batch[index++]!;
          // Pacing: the bot's rate, the flood wait, and one message per chat per second.
          const chatReady = (lastByChat.get(r.chatId) ?? 0) + 1000;
          const slot = Math.max(nextSlot, Date.now(), pause, chatReady);
          nextSlot = slot + interval;
          if (slot > Date.now()) await sleep(slot - Date.now());
          if (pause > Date.now()) await sleep(pause - Date.now());
          // Spacing counts from when a request really goes out: a late one never lets the
          // next ones catch up in a burst (Telegram counts any rolling second).
          nextSlot = Math.max(nextSlot, Date.now() + interval);
          const at = Math.max(Date.now(), recent.length >= cap ? recent[recent.length - cap]! + 1000 : 0);
          recent.push(at);
          while (recent.length > cap) recent.shift();
          if (at > Date.now()) await sleep(at - Date.now());
          // The message is rendered before the claim: the claim's transaction stays open only
          // while its lanes open their requests.
          const message = renderFor(r, variants, linkBase);
          const ticket = await claimer.claim(r.id);
          if (!ticket.claimed) continue;
          lastByChat.set(r.chatId, Date.now());
          // The request is opened (all but its last chunk), then goes out with the claim's COMMIT.
          let request: THeldRequest | null = null;
          let openError: unknown = null;
          try {
            const extra = campaign.paidBroadcast && rate > 30 ? { allow_paid_broadcast: true } : {};
            request = await openHeldRequest({ agent: agent!, apiRoot, token: bot.token, method: message.method, params: { chat_id: Number(r.chatId), ...message.params, ...extra }, timeoutMs: 15_000 });
          } catch (e) {
            openError = e;
          }
          try {
            await ticket.ready(request);
          } catch {
            // The claim was rolled back and the request never finished: still PENDING.
            request?.abort();
            continue;
          }
          const outcome = request ? await outcomeOf(r, request.answer) : retryOrFail(r, `network: ${openError instanceof Error ? openError.message : String(openError)}`);
          if (outcome.state === "SENT") {
            result.sent++;
            buffer.push(outcome);
          } else {
            if (outcome.state === "FAILED") result.failed++;
            // Failures and retries are written at once: a crash must not count them as sent.
            await writeResults([outcome], owner);
          }
          if (outcome.floodUntil) {
            pause = Math.max(pause, outcome.floodUntil);
            await pauseBot(botId, new Date(pause));
          }
          if (outcome.blockedUser) await markBlocked(r);
          if (buffer.length >= 200 || Date.now() - lastFlush > FLUSH_MS) await flush();
        }
      };
      try {
        await Promise.all(Array.from({ length: lanes }, lane));
      } finally {
        await flush();
      }
    }
    return { ...result, more: true, waitMs: 0 };
  } finally {
    clearInterval(renewal);
    await claimer.close();
    agent?.destroy();
    await renewing;
    await releaseLease(botId, owner).catch(() => undefined);
  }
}

type TOutcome = TResult & { floodUntil?: number; blockedUser?: boolean };

function renderFor(r: TRecipientRow, variants: Map<string, TVariant>, linkBase: string) {
  const variant = (r.variantId && variants.get(r.variantId)) || variants.values().next().value!;
  return renderCampaignMessage(variant, templateUser(r), r.token, linkBase);
}

/** What Telegram answered, as the recipient's next state. */
async function outcomeOf(r: TRecipientRow, answer: Promise<TBotApiAnswer>): Promise<TOutcome> {
  let a: TBotApiAnswer;
  try {
    a = await answer;
  } catch (e) {
    return retryOrFail(r, `network: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (a.ok) return { id: r.id, state: "SENT", messageId: (a.result as { message_id: number }).message_id };
  if (a.error_code === 429) {
    const seconds = a.parameters?.retry_after ?? 5;
    // Not an attempt of this recipient: the bot was over its limit.
    return { id: r.id, state: "PENDING", reason: undefined, floodUntil: Date.now() + seconds * 1000 + 50, retryAt: undefined };
  }
  if (a.error_code === 403) return { id: r.id, state: "FAILED", reason: `blocked: ${a.description}`, blockedUser: true };
  if (a.error_code >= 500) return retryOrFail(r, `server error ${a.error_code}: ${a.description}`);
  return { id: r.id, state: "FAILED", reason: a.description };
}

function retryOrFail(r: TRecipientRow, reason: string): TOutcome {
  const attempt = r.attempts + 1;
  if (attempt >= MAX_ATTEMPTS) return { id: r.id, state: "FAILED", reason: `${reason} (after ${attempt} attempts)` };
  return { id: r.id, state: "PENDING", reason, retryAt: new Date(Date.now() + Math.min(60_000, 1000 * 2 ** attempt)) };
}

async function writeResults(rows: TResult[], owner: string): Promise<void> {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id}::bigint, ${r.state}::"RecipientState", ${r.messageId ?? null}::int, ${r.reason ?? null}::text, ${r.retryAt ?? null}::timestamptz)`,
  );
  await db().$executeRaw`
    UPDATE "CampaignRecipient" c SET
      "state" = v.state,
      "telegramMessageId" = v.mid,
      "failureReason" = v.reason,
      "sentAt" = CASE WHEN v.state = 'SENT' THEN now() ELSE c."sentAt" END,
      "sendAfter" = COALESCE(v.retry, c."sendAfter"),
      "attempts" = CASE WHEN v.state = 'PENDING' AND v.reason IS NULL THEN c."attempts" - 1 ELSE c."attempts" END,
      "claimedBy" = NULL
    FROM (VALUES ${Prisma.join(values)}) AS v(id, state, mid, reason, retry)
    WHERE c."id" = v.id AND c."state" = 'SENDING' AND c."claimedBy" = ${owner}`;
}

/** Recipients a dead sender left SENDING: their request was out; count them sent, unconfirmed. */
async function recoverOrphans(botId: string, owner: string): Promise<void> {
  const n = await db().$executeRaw`
    UPDATE "CampaignRecipient" r SET "state" = 'SENT', "unconfirmed" = true, "sentAt" = now(), "claimedBy" = NULL
    FROM "Campaign" c
    WHERE c."id" = r."campaignId" AND c."botId" = ${botId} AND r."state" = 'SENDING' AND r."claimedBy" IS DISTINCT FROM ${owner}`;
  if (n > 0) log.warn("campaign recipients left mid-send by a stopped sender counted as sent (unconfirmed)", { botId, recipients: n });
}

/** Users who blocked the bot or unsubscribed since launch, or are over the frequency cap: skipped. */
async function skipIneligible(campaignId: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "CampaignRecipient" r SET "state" = 'SKIPPED',
      "failureReason" = CASE WHEN u."blockedAt" IS NOT NULL THEN 'blocked the bot' ELSE 'unsubscribed' END
    FROM "TelegramUser" u, "Campaign" c
    WHERE r."campaignId" = ${campaignId} AND c."id" = r."campaignId" AND u."id" = r."telegramUserId"
      AND r."state" = 'PENDING' AND r."stage" BETWEEN 1 AND c."stage"
      AND (u."blockedAt" IS NOT NULL OR u."unsubscribedAt" IS NOT NULL)`;
  await db().$executeRaw`
    UPDATE "CampaignRecipient" r SET "state" = 'SKIPPED', "failureReason" = 'frequency cap'
    FROM "Campaign" c
    WHERE r."campaignId" = ${campaignId} AND c."id" = r."campaignId" AND r."state" = 'PENDING' AND r."stage" BETWEEN 1 AND c."stage"
      AND COALESCE((c."audience"->>'frequencyCapHours')::int, 0) > 0
      AND EXISTS (
        SELECT 1 FROM "CampaignRecipient" o
        WHERE o."telegramUserId" = r."telegramUserId" AND o."campaignId" <> r."campaignId" AND o."state" = 'SENT'
          AND o."sentAt" > now() - (c."audience"->>'frequencyCapHours')::int * interval '1 hour')`;
}

/** Recipients whose local time is inside the quiet hours wait until the hours end (their zone). */
async function deferQuietHours(campaignId: string, q: { from: string; to: string }): Promise<void> {
  const inside = q.from < q.to ? Prisma.sql`(l.t >= ${q.from}::time AND l.t < ${q.to}::time)` : Prisma.sql`(l.t >= ${q.from}::time OR l.t < ${q.to}::time)`;
  await db().$executeRaw`
    WITH l AS (
      SELECT r."id", z.tz, z.local, z.local::time AS t
      FROM "CampaignRecipient" r JOIN "Campaign" c ON c."id" = r."campaignId",
        LATERAL (SELECT COALESCE(r."timeZone", 'UTC') AS tz, now() AT TIME ZONE COALESCE(r."timeZone", 'UTC') AS local) z
      WHERE r."campaignId" = ${campaignId} AND r."state" = 'PENDING' AND r."stage" BETWEEN 1 AND c."stage"
        AND (r."sendAfter" IS NULL OR r."sendAfter" <= now())
    )
    UPDATE "CampaignRecipient" r
    SET "sendAfter" = ((l.local::date + ${q.to}::time) + CASE WHEN l.t >= ${q.to}::time THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE l.tz
    FROM l WHERE r."id" = l."id" AND ${inside}`;
}

/**
 * The next batch (after `after`, if given): 200, or about a second's worth at a paid-broadcast
 * rate (fewer pauses between batches).
 */
async function nextRecipients(c: TCampaignRow, after?: TRecipientRow): Promise<TRecipientRow[]> {
  const limit = Math.max(BATCH, c.paidBroadcast ? Math.min(1000, c.ratePerSecond) : 0);
  return db().$queryRaw<TRecipientRow[]>`
    SELECT r."id", r."campaignId", r."chatId", r."stage", r."variantId", r."token", r."attempts",
           u."firstName", u."lastName", u."username", u."languageCode", u."telegramId", u."attributes"
    FROM "CampaignRecipient" r JOIN "TelegramUser" u ON u."id" = r."telegramUserId"
    WHERE r."campaignId" = ${c.id} AND r."state" = 'PENDING' AND r."stage" BETWEEN 1 AND ${c.stage}
      AND (r."sendAfter" IS NULL OR r."sendAfter" <= now())
      ${after ? Prisma.sql`AND (r."stage", r."id") > (${after.stage}, ${after.id})` : Prisma.empty}
    ORDER BY r."stage", r."id" LIMIT ${limit}`;
}

async function markBlocked(r: TRecipientRow): Promise<void> {
  await db().$executeRaw`
    UPDATE "TelegramUser" u SET "blockedAt" = now() FROM "CampaignRecipient" c
    WHERE c."id" = ${r.id} AND u."id" = c."telegramUserId" AND u."blockedAt" IS NULL`;
}
