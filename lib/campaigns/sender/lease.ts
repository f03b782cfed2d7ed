// One sender per bot at a time, across worker processes: a lease row per bot. The holder
// renews it while it sends; a holder that cannot renew stops before its next request.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "../../db/client";

export const SENDER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
export const LEASE_MS = 5_000;

/** Takes (or renews) the bot's send lease; false while another live sender holds it. */
export async function takeLease(botId: string, owner = SENDER_ID): Promise<boolean> {
  const rows = await db().$queryRaw<{ ownerId: string }[]>`
    INSERT INTO "BotSendState" ("botId", "ownerId", "leaseUntil") VALUES (${botId}, ${owner}, now() + ${LEASE_MS} * interval '1 millisecond')
    ON CONFLICT ("botId") DO UPDATE SET "ownerId" = EXCLUDED."ownerId", "leaseUntil" = EXCLUDED."leaseUntil"
      WHERE "BotSendState"."ownerId" IS NULL OR "BotSendState"."ownerId" = EXCLUDED."ownerId" OR "BotSendState"."leaseUntil" < now()
    RETURNING "ownerId"`;
  return rows.length === 1;
}

export async function releaseLease(botId: string, owner = SENDER_ID): Promise<void> {
  await db().$executeRaw`UPDATE "BotSendState" SET "ownerId" = NULL, "leaseUntil" = NULL WHERE "botId" = ${botId} AND "ownerId" = ${owner}`;
}

/** Milliseconds until another sender's lease runs out (0 when free or ours). */
export async function leaseWait(botId: string, owner = SENDER_ID): Promise<number> {
  const rows = await db().$queryRaw<{ ms: number }[]>`
    SELECT GREATEST(0, EXTRACT(EPOCH FROM ("leaseUntil" - now())) * 1000)::int AS ms FROM "BotSendState"
    WHERE "botId" = ${botId} AND "ownerId" IS NOT NULL AND "ownerId" <> ${owner}`;
  return rows[0]?.ms ?? 0;
}

/** The bot's flood wait (after a 429), shared by every process that sends for it. */
export async function pausedUntil(botId: string): Promise<number> {
  const rows = await db().$queryRaw<{ t: Date | null }[]>`SELECT "pausedUntil" AS t FROM "BotSendState" WHERE "botId" = ${botId}`;
  return rows[0]?.t?.getTime() ?? 0;
}

export async function pauseBot(botId: string, until: Date): Promise<void> {
  await db().$executeRaw`
    INSERT INTO "BotSendState" ("botId", "pausedUntil") VALUES (${botId}, ${until})
    ON CONFLICT ("botId") DO UPDATE SET "pausedUntil" = GREATEST(COALESCE("BotSendState"."pausedUntil", ${until}), ${until})`;
}
