// Long polling for bots in POLLING mode. Exactly one process polls a bot at a
// time: the poller holds a Postgres advisory lock on a dedicated connection.
import pg from "pg";
import { GrammyError, HttpError, type Api } from "grammy";
import { db } from "../db/client";
import { databaseUrl } from "../env";
import { apiFor } from "./bot-api";
import { storeUpdates } from "./store-update";
import { log } from "../log";

// grammY types its signal with the abort-controller shim; the runtime object is the standard one.
type TGrammySignal = Parameters<Api["getUpdates"]>[1];

export type TPoller = { botId: string; stop(): Promise<void> };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** Returns null when another process already polls this bot. */
export async function startPoller(botId: string): Promise<TPoller | null> {
  const lockClient = new pg.Client({ connectionString: databaseUrl(), application_name: "tagflow-poller" });
  await lockClient.connect();
  const { rows } = await lockClient.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock(hashtext('tagflow-poll'), hashtext($1)) AS locked",
    [botId],
  );
  if (!rows[0]?.locked) {
    await lockClient.end();
    return null;
  }
  const abort = new AbortController();
  const loop = pollLoop(botId, abort.signal).catch((e: unknown) => log.error("poller crashed", { botId, error: String(e) }));
  log.info("polling started", { botId });
  return {
    botId,
    async stop() {
      abort.abort();
      await loop;
      await lockClient.end().catch(() => undefined);
    },
  };
}

async function pollLoop(botId: string, signal: AbortSignal): Promise<void> {
  let backoffMs = 1000;
  const last = await db().telegramUpdate.aggregate({ where: { botId }, _max: { updateId: true } });
  let offset = last._max.updateId !== null ? Number(last._max.updateId) + 1 : undefined;
  while (!signal.aborted) {
    const bot = await db().bot.findUnique({ where: { id: botId }, omit: { token: false } });
    if (!bot || bot.updateMode !== "POLLING") return;
    try {
      const updates = await apiFor(bot).getUpdates({ offset, timeout: 25, limit: 100 }, signal as unknown as TGrammySignal);
      // One insert and one queue insert per batch; the next getUpdates confirms it.
      if (updates.length > 0) {
        await storeUpdates(botId, updates);
        offset = Math.max(...updates.map((u) => u.update_id)) + 1;
      }
      backoffMs = 1000;
      if (bot.lastError) await db().bot.update({ where: { id: botId }, data: { lastError: null } });
    } catch (e) {
      if (signal.aborted) return;
      const message = describePollError(e);
      log.warn("polling failed", { botId, error: message, retryInMs: backoffMs });
      await db().bot.update({ where: { id: botId }, data: { lastError: message } }).catch(() => undefined);
      if (e instanceof GrammyError && e.error_code === 409) {
        await apiFor(bot).deleteWebhook().catch(() => undefined);
      }
      const retryAfter = e instanceof GrammyError ? e.parameters.retry_after : undefined;
      await sleep(retryAfter ? retryAfter * 1000 : backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }
}

function describePollError(e: unknown): string {
  if (e instanceof GrammyError) return `Bot API error ${e.error_code}: ${e.description}`;
  if (e instanceof HttpError) return `Cannot reach the Bot API server: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
