// startEmulator(): the Bot API emulator and its control API on one HTTP server.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleBotApi, invokeMethod, isBotApiPath } from "./bot-api";
import { handleControl } from "./control/router";
import { sendJson } from "./http/respond";
import { DEFAULT_LIMITS, type LimitConfig } from "./limits";
import { SUPPORTED_METHODS } from "./methods";
import type { WebhookDeliveryConfig } from "./model";
import { Params } from "./params";
import { EmulatorState } from "./state";

export interface EmulatorOptions {
  /** 0 = random free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  limits?: Partial<LimitConfig>;
  webhook?: Partial<WebhookDeliveryConfig>;
}

export interface RunningEmulator {
  /** Use as grammY's `client.apiRoot` and as the EmulatorControl base URL. */
  url: string;
  port: number;
  close(): Promise<void>;
  state: EmulatorState;
}

const DEFAULT_WEBHOOK: WebhookDeliveryConfig = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000, timeoutMs: 10_000 };

function routeRequest(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const url = new URL(req.url ?? "/", "http://emulator.local");
  if (url.pathname === "/control" || url.pathname.startsWith("/control/")) return handleControl(state, req, res, url);
  if (isBotApiPath(url.pathname)) return handleBotApi(state, req, res, url);
  if (url.pathname === "/") {
    return sendJson(res, 200, { name: "Tagflow Bot API emulator", methods: SUPPORTED_METHODS, control: "/control" });
  }
  return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState({
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    webhook: { ...DEFAULT_WEBHOOK, ...opts.webhook },
  });
  state.webhooks.replyHandler = async (bot, body) => {
    const { method, ...rest } = body;
    if (typeof method !== "string") return;
    await invokeMethod(state, bot, method, Params.of(rest), new AbortController().signal);
  };

  const server = createServer((req, res) => {
    Promise.resolve(routeRequest(state, req, res)).catch((error: unknown) => {
      // A client that went away before its request was complete (as Telegram, nothing is done).
      if (!req.complete && (req.destroyed || res.destroyed)) return;
      console.error("[emulator] request failed", error);
      sendJson(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const bot of state.bots.values()) bot.queue.release("closed");
      state.webhooks.stopAll();
      server.close(() => resolve());
      setImmediate(() => server.closeAllConnections());
    });
    return closing;
  };

  return { url: `http://${urlHost}:${port}`, port, close, state };
}
