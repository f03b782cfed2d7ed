// Webhook intake, independent of HTTP framework: check the secret token in
// constant time, then store the update. Malformed bodies are acknowledged (200)
// so Telegram does not redeliver them forever; they are logged.
import { timingSafeEqual } from "node:crypto";
import { db } from "../db/client";
import { storeUpdate } from "./store-update";
import { log } from "../log";

const secrets = new Map<string, { secret: string; at: number }>();
const CACHE_MS = 30_000;

async function secretOf(botId: string): Promise<string | null> {
  const hit = secrets.get(botId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.secret;
  const bot = await db().bot.findUnique({ where: { id: botId }, select: { webhookSecret: true } });
  if (!bot) return null;
  secrets.set(botId, { secret: bot.webhookSecret, at: Date.now() });
  return bot.webhookSecret;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type TWebhookResult = { status: number; body: Record<string, unknown> };

export async function receiveWebhook(botId: string, header: string | null, readBody: () => Promise<unknown>): Promise<TWebhookResult> {
  const secret = await secretOf(botId);
  if (!secret) return { status: 404, body: { ok: false, error: "Unknown bot." } };
  if (!header || !same(header, secret)) {
    log.warn("webhook: wrong secret token", { botId });
    return { status: 401, body: { ok: false, error: "Wrong or missing X-Telegram-Bot-Api-Secret-Token." } };
  }
  let raw: unknown;
  try {
    raw = await readBody();
  } catch {
    log.warn("webhook: body is not JSON; acknowledged and dropped", { botId });
    return { status: 200, body: { ok: true, stored: false } };
  }
  const result = await storeUpdate(botId, raw);
  return { status: 200, body: { ok: true, stored: result.stored } };
}
