// HTTP front of the Bot API: /bot<token>/<method>, Telegram's JSON envelopes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, notFound, unauthorized } from "./errors";
import { BodyTooLargeError, readParams } from "./http/body";
import { sendJson } from "./http/respond";
import { findMethod } from "./methods";
import { WithDescription } from "./methods/types";
import type { BotRecord } from "./model";
import { Params } from "./params";
import type { EmulatorState } from "./state";

const PATH = /^\/bot([^/]+)\/([^/]*)$/;

interface Envelope {
  status: number;
  body: Record<string, unknown>;
}

function recordError(bot: BotRecord, error: ApiError): void {
  const key = String(error.code);
  bot.stats.errors[key] = (bot.stats.errors[key] ?? 0) + 1;
  if (error.code === 429) bot.stats.rejected429 += 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs one Bot API call for a bot; always resolves to Telegram's envelope. */
export async function invokeMethod(
  state: EmulatorState,
  bot: BotRecord,
  methodName: string,
  params: Params,
  signal: AbortSignal,
): Promise<Envelope> {
  const def = findMethod(methodName);
  if (!def) return { status: 404, body: notFound().toJSON() };
  bot.stats.requests += 1;
  bot.stats.byMethod[def.name] = (bot.stats.byMethod[def.name] ?? 0) + 1;
  try {
    if (def.name !== "getUpdates" && bot.faults.latencyMs > 0) await sleep(bot.faults.latencyMs);
    const result = await def.handler({ state, bot, params, method: def.name, signal });
    if (result instanceof WithDescription) {
      return { status: 200, body: { ok: true, result: result.result, description: result.description } };
    }
    return { status: 200, body: { ok: true, result } };
  } catch (error) {
    if (error instanceof ApiError) {
      recordError(bot, error);
      return { status: error.code, body: error.toJSON() };
    }
    console.error(`[emulator] ${def.name} crashed`, error);
    bot.stats.errors["500"] = (bot.stats.errors["500"] ?? 0) + 1;
    return { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } };
  }
}

/** The token path segment; malformed percent-encoding can match no token. */
function decodeToken(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

export function isBotApiPath(pathname: string): boolean {
  return pathname.startsWith("/bot");
}

export async function handleBotApi(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const match = PATH.exec(url.pathname);
  if (!match) return sendJson(res, 404, notFound().toJSON());
  const bot = state.botsByToken.get(decodeToken(match[1] ?? ""));
  if (!bot) return sendJson(res, 401, unauthorized().toJSON());
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  let params: Params;
  try {
    params = new Params(await readParams(req, url));
  } catch (error) {
    if (error instanceof ApiError) return sendJson(res, error.code, error.toJSON());
    if (error instanceof BodyTooLargeError) {
      return sendJson(res, 413, { ok: false, error_code: 413, description: "Request Entity Too Large" });
    }
    throw error;
  }
  const envelope = await invokeMethod(state, bot, match[2] ?? "", params, controller.signal);
  sendJson(res, envelope.status, envelope.body);
}
