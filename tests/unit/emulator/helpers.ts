// Shared harness for the emulator tests: a real emulator on a random port,
// grammY as the bot side and EmulatorControl as the simulated users.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, GrammyError } from "grammy";
import { expect } from "vitest";
import { EmulatorControl, type BotView, type TCreateBot, type TCreateUser } from "@/lib/emulator/client";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/lib/emulator/server";
import type { TgUser } from "@/lib/emulator/types";

export interface Harness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startHarness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, ...opts });
  return { emulator, control: new EmulatorControl(emulator.url), close: () => emulator.close() };
}

let botSeq = 0;

export interface TestBot {
  bot: BotView;
  api: Api;
}

/** A fresh bot (unique username) and a grammY Api pointed at the emulator. */
export async function newBot(h: Harness, input: Partial<TCreateBot> = {}): Promise<TestBot> {
  botSeq += 1;
  const bot = await h.control.createBot({ username: `test${botSeq}_${process.pid}_bot`, ...input });
  return { bot, api: new Api(bot.token, { apiRoot: h.emulator.url }) };
}

let userSeq = 0;

/** A simulated user who has started the bot. `silent` keeps the /start out of the update queue. */
export async function startedUser(
  h: Harness,
  botId: number,
  opts: { silent?: boolean; user?: Partial<TCreateUser> } = {},
): Promise<TgUser> {
  userSeq += 1;
  const user = await h.control.createUser({ first_name: `User${userSeq}`, ...opts.user });
  await h.control.start(user.id, { bot_id: botId, silent: opts.silent ?? true });
  return user;
}

/** Awaits a Bot API call that must fail and returns grammY's error for inspection. */
export async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    (result) => {
      throw new Error(`expected the call to fail, got ${JSON.stringify(result)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

/** A Bot API call through plain fetch, to see the exact HTTP status and envelope. */
export async function rawCall(
  h: Harness,
  token: string,
  method: string,
  params?: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const init: RequestInit =
    params === undefined
      ? { method: "GET" }
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) };
  const res = await fetch(`${h.emulator.url}/bot${token}/${method}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Raw control API request (for checking status codes and error bodies). */
export async function rawControl(
  h: Harness,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: string,
): Promise<{ status: number; body: { error?: string; [key: string]: unknown } }> {
  const res = await fetch(`${h.emulator.url}/control${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a bot's webhook endpoint. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Receiver> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

/** Polls until `check` returns a value other than undefined (bounded, monotonic clock: safe with a faked Date). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
