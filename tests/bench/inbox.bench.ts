// `npm run bench:inbox`: how fast the inbox is for the people using it, on a fresh
// PostgreSQL database (dropped at the end). Two measurements:
//
// 1. Live latency: a simulated Telegram user sends a message (Bot API emulator); how long
//    until the `message.created` event reaches a connected console. 50 active conversations,
//    a steady stream (default 10 messages/s for 60 s, spread over the 50 chats) and bursts
//    (all 50 users write at the same instant). Target from the issue: p95 ≤ 300 ms.
// 2. Conversation list: time to the first page with 10,000 conversations (target < 300 ms
//    server time), for an admin, an agent (unassigned + own), "mine", searches by name and
//    by message text, and deep pages through the keyset cursor.
//
//   npm run bench:inbox -- [--only latency|list] [--active 50] [--rate 10] [--seconds 60]
//                          [--bursts 5] [--conversations 10000] [--history 1] [--runs 50]
//                          [--seed 1] [--out bench-results/inbox.json]
//
// --history N multiplies each seeded conversation's message history (about 3.9 messages per
// conversation by default) to see how searching message text grows with the Message table.
//
// Processes (as in production, the web side and the worker do not share an event loop):
//   this process   orchestration; the Bot API emulator (in-process, Telegram's flood limits
//                  on, as on Telegram); the simulated users; the consoles (HTTP clients)
//   web child      the REAL route handlers GET /api/inbox/stream and GET /api/inbox/conversations
//                  (app/api/inbox/…/route.ts, unmodified) served from a plain node:http server,
//                  i.e. without Next's router. Each request runs inside the request scope Next
//                  gives a route handler (the same AsyncLocalStorage stores Next's app-route
//                  module sets up), so `requirePermission` really runs: next-auth decodes the
//                  session cookie (a JWT minted here with NEXTAUTH_SECRET, the same as after a
//                  login) and the staff member is re-read from the database.
//   worker child   the real worker (lib/jobs/worker.ts): the poller (getUpdates on the emulator),
//                  pg-boss intake jobs, the bot's grammY handlers.
//
// "Arrived in a connected console" means: this process holds an open HTTP connection to
// GET /api/inbox/stream (as a browser's EventSource does) and has read and parsed the SSE
// frame of the event. Latency = that instant − the instant just before the simulated user's
// message was handed to the emulator (control.message / control.batch). Both instants are
// taken on this process's monotonic clock. What is NOT included: Next's router in front of
// the handler and a browser's own parsing/rendering.
//
// Caveats printed with the figures: the test PostgreSQL server runs with fsync=off and
// synchronous_commit=off (lib/db/test-database.ts), so commits are cheaper than on a durable
// production server; and whatever else uses this machine's CPUs or the server while the
// bench runs (sampled every second) inflates the figures.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createRng, pick, randInt } from "../../lib/emulator/prng";
import { persona } from "../../lib/emulator/crowd/personas";
import { LANGUAGES } from "../../lib/emulator/crowd/data";
import type { BotView, EmulatorControl } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";
import type { TStaffSession } from "../../lib/auth/session";
import { cleanupStack, machineInfo, runBench, serveChild, useBenchDatabase, waitForChild, type TCleanup, type TMachine } from "./harness";

/** This file: the children are this same script with `--child web|worker`. */
const THIS_FILE = path.resolve(process.argv[1] ?? "tests/bench/inbox.bench.ts");
const TARGET_MS = 300;

// ------------------------------------------------------------------------------------ options

type TArgs = {
  only: "both" | "latency" | "list";
  active: number;
  rate: number;
  seconds: number;
  bursts: number;
  conversations: number;
  history: number;
  runs: number;
  seed: number;
  out: string;
};

class UsageError extends Error {}

function parseArgs(argv: string[]): TArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help") {
      console.log(
        "npm run bench:inbox -- [--only latency|list] [--active 50] [--rate 10] [--seconds 60] [--bursts 5] [--conversations 10000] [--history 1] [--runs 50] [--seed 1] [--out FILE]",
      );
      process.exit(0);
    }
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${arg} (see --help)`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    values.set(name, inline ?? argv[++i] ?? "");
  }
  const known = new Set(["only", "active", "rate", "seconds", "bursts", "conversations", "history", "runs", "seed", "out"]);
  for (const name of values.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name} (see --help)`);
  const num = (name: string, fallback: number, min: number, integer = true): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}`);
    return n;
  };
  const only = values.get("only") ?? "both";
  if (only !== "both" && only !== "latency" && only !== "list") throw new UsageError("--only must be latency or list");
  return {
    only,
    active: num("active", 50, 1),
    rate: num("rate", 10, 0.1, false),
    seconds: num("seconds", 60, 1),
    bursts: num("bursts", 5, 0),
    conversations: num("conversations", 10_000, 100),
    history: num("history", 1, 1),
    runs: num("runs", 50, 1),
    seed: num("seed", 1, 0),
    out: values.get("out") ?? "bench-results/inbox.json",
  };
}

// ------------------------------------------------------------------------------------ small tools

type TStats = { n: number; mean: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles. */
function stats(values: readonly number[]): TStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (q: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? 0));
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { n, mean: round(n ? sum / n : 0), p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)) };
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString("en-US");
const epochNow = () => performance.timeOrigin + performance.now();

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean, everyMs = 100): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

type TCheck = { area: string; check: string; ok: boolean; detail: string };

// ==================================================================================== children

type TChildRole = "web" | "worker";
type TChildMessage = { type: "ready"; port?: number } | { type: "stopped"; cpu: NodeJS.CpuUsage; maxRssMb: number } | { type: "failed"; error: string };

/** The request scope Next gives a route handler, so that next/headers (and next-auth) work. */
function nextRequestScope() {
  const require = createRequire(path.resolve("package.json"));
  // What Next's own server loads first: exposes AsyncLocalStorage globally, which Next's
  // request stores need (they are created when first required, so this must come first).
  require("next/dist/server/node-environment-baseline");
  type TStorage = { run<R>(store: unknown, fn: () => R): R };
  const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external") as { workAsyncStorage: TStorage };
  const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external") as { workUnitAsyncStorage: TStorage };
  const { actionAsyncStorage } = require("next/dist/server/app-render/action-async-storage.external") as { actionAsyncStorage: TStorage };
  const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store") as {
    createRequestStoreForAPI(req: { headers: Headers }, url: URL, implicitTags: unknown, onUpdateCookies: undefined, previewProps: undefined, hmr: undefined): unknown;
  };
  // As AppRouteRouteModule.executeRequest does for a `dynamic = "force-dynamic"` route.
  return <R>(req: Request, route: string, fn: () => R): R => {
    const requestStore = createRequestStoreForAPI(req, new URL(req.url), { tags: [], expirationsByCacheKind: new Map() }, undefined, undefined, undefined);
    const workStore = { page: `${route}/route`, route, forceDynamic: true, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false };
    return actionAsyncStorage.run({ isAppRoute: true, isAction: false }, () =>
      workUnitAsyncStorage.run(requestStore, () => workAsyncStorage.run(workStore, fn)),
    );
  };
}

function toWebRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "connection" || name === "keep-alive") continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method: req.method, headers, signal });
}

async function runWebChild(send: (m: TChildMessage) => void): Promise<() => Promise<void>> {
  const inScope = nextRequestScope();
  const stream = await import("../../app/api/inbox/stream/route");
  const conversations = await import("../../app/api/inbox/conversations/route");
  const { disconnectDb } = await import("../../lib/db/client");
  const { stopListener } = await import("../../lib/realtime/listener");

  const server = http.createServer({ noDelay: true }, (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    void (async () => {
      try {
        if (req.method === "GET" && pathname === "/api/inbox/stream") {
          const request = toWebRequest(req, abort.signal);
          const response = await inScope(request, "/api/inbox/stream", () => stream.GET(request, undefined));
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.flushHeaders();
          if (!response.body) return void res.end();
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
          }
          res.end();
        } else if (req.method === "GET" && pathname === "/api/inbox/conversations") {
          const request = toWebRequest(req, abort.signal);
          const response = await inScope(request, "/api/inbox/conversations", () => conversations.GET(request, undefined));
          const body = Buffer.from(await response.arrayBuffer());
          // Server time: request received → response body complete (auth, queries, JSON).
          const serverMs = performance.now() - started;
          res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": body.length, "x-bench-server-ms": serverMs.toFixed(3) });
          res.end(body);
        } else {
          res.writeHead(404).end();
        }
      } catch (e) {
        console.error("route handler threw", e);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  send({ type: "ready", port: (server.address() as AddressInfo).port });
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopListener();
    await disconnectDb();
  };
}

async function runWorkerChild(send: (m: TChildMessage) => void): Promise<() => Promise<void>> {
  const { startWorker } = await import("../../lib/jobs/worker");
  const { disconnectDb } = await import("../../lib/db/client");
  const worker = await startWorker();
  send({ type: "ready" });
  return async () => {
    await worker.stop();
    await disconnectDb();
  };
}

async function childMain(role: string): Promise<void> {
  const send = (m: TChildMessage) => void process.send?.(m);
  try {
    if (role !== "web" && role !== "worker") throw new Error(`unknown --child ${role}`);
    serveChild(role === "web" ? await runWebChild(send) : await runWorkerChild(send));
  } catch (e) {
    send({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    console.error(e);
    process.exit(1);
  }
}

type TChild = { role: TChildRole; pid: number; port: number; stop(): Promise<{ cpuSeconds: number; maxRssMb: number } | null> };

async function startChild(role: TChildRole, env: NodeJS.ProcessEnv, logFile: string): Promise<TChild> {
  const log = fs.openSync(logFile, "w");
  const child: ChildProcess = fork(THIS_FILE, ["--child", role], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", log, log, "ipc"] });
  const waitFor = <K extends TChildMessage["type"]>(type: K, timeoutMs: number) =>
    waitForChild<TChildMessage, K>(child, role, logFile, type, timeoutMs);
  const ready = await waitFor("ready", 120_000);
  let stopping: Promise<{ cpuSeconds: number; maxRssMb: number } | null> | null = null;
  return {
    role,
    pid: child.pid ?? 0,
    port: ready.port ?? 0,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || !child.connected) return null;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const reply = waitFor("stopped", 30_000).catch(() => null);
        child.send({ type: "stop" });
        const result = await reply;
        await Promise.race([exited, sleep(10_000).then(() => void child.kill("SIGKILL"))]);
        fs.closeSync(log);
        return result ? { cpuSeconds: round((result.cpu.user + result.cpu.system) / 1e6, 2), maxRssMb: result.maxRssMb } : null;
      })();
      return stopping;
    },
  };
}

// ==================================================================================== consoles

type TWireEvent = { id: string; kind: string; conversationId?: string | null; payload?: Record<string, unknown>; createdAt?: string };

type TConsole = {
  label: string;
  events: number;
  resyncs: number;
  close(): void;
  closed: Promise<void>;
};

/** An open GET /api/inbox/stream, read and parsed as a browser's EventSource would. */
async function connectConsole(baseUrl: string, cookie: string, label: string, onEvent: (e: TWireEvent, at: number) => void): Promise<TConsole> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/inbox/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`${label} console: GET /api/inbox/stream answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const consoleState: TConsole = { label, events: 0, resyncs: 0, close: () => abort.abort(), closed: Promise.resolve() };
  consoleState.closed = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (!data) continue;
          const event = JSON.parse(data) as TWireEvent;
          if (event.kind === "resync") consoleState.resyncs++;
          else consoleState.events++;
          onEvent(event, at);
        }
      }
    } catch (e) {
      if (!abort.signal.aborted) console.error(`${label} console stream failed:`, e);
    }
  })();
  return consoleState;
}

// ==================================================================================== seeding

const CLOSED_SHARE = 0.1;
const ASSIGNED_SHARE = 0.2;
const AGENTS = 5;
const OUT_TEXTS = ["Thanks, we'll get back to you shortly.", "Your order is on its way.", "You're welcome!", "Here is the link to our catalogue."];

type TSeedSummary = { conversations: number; open: number; closed: number; assigned: number; messages: number; users: number; oldestDays: number; seedMs: number; analyzeMs: number };

/**
 * 10,000 conversations of the demo crowd's personas (lib/emulator/crowd: names, languages,
 * activity from daily to long gone, so lastMessageAt spreads over ~150 days), each with its
 * user and history (1–13 messages), 20% assigned to 5 agents, 10% closed. Bulk SQL (unnest).
 */
async function seedConversations(sql: pg.Client, botId: string, agentIds: string[], n: number, seed: number, history: number): Promise<TSeedSummary> {
  const t0 = performance.now();
  const rng = createRng(seed ^ 0x5eed);
  const now = Date.now();
  const iso = (agoS: number) => new Date(now - agoS * 1000).toISOString();
  let messages = 0;
  let closed = 0;
  let assigned = 0;
  let oldest = 0;
  const CHUNK = 2000;
  for (let from = 0; from < n; from += CHUNK) {
    const u = { id: [] as string[], tg: [] as string[], first: [] as string[], last: [] as (string | null)[], username: [] as (string | null)[], lang: [] as string[], premium: [] as boolean[], firstSeen: [] as string[], lastSeen: [] as string[], source: [] as (string | null)[], blocked: [] as (string | null)[] };
    const c = { id: [] as string[], user: [] as string[], chat: [] as string[], status: [] as string[], assignee: [] as (string | null)[], at: [] as string[], preview: [] as string[], dir: [] as string[], unread: [] as number[], closedAt: [] as (string | null)[], createdAt: [] as string[] };
    const m = { id: [] as string[], conv: [] as string[], dir: [] as string[], text: [] as string[], state: [] as string[], createdAt: [] as string[], sender: [] as (string | null)[] };
    for (let i = from; i < Math.min(n, from + CHUNK); i++) {
      const p = persona(seed, i);
      const userId = `cbu${seed}x${i.toString(36).padStart(6, "0")}`;
      const convId = `cbc${seed}x${i.toString(36).padStart(6, "0")}`;
      const tg = String(5_000_000_000 + i);
      u.id.push(userId);
      u.tg.push(tg);
      u.first.push(p.first_name);
      u.last.push(p.last_name ?? null);
      u.username.push(p.username ?? null);
      u.lang.push(p.language_code);
      u.premium.push(p.is_premium);
      u.firstSeen.push(iso(p.firstSeenAgo));
      u.lastSeen.push(iso(p.lastSeenAgo));
      u.source.push(p.source);
      u.blocked.push(p.blocked ? iso(p.lastSeenAgo) : null);
      oldest = Math.max(oldest, p.lastSeenAgo);

      const ins = p.messagesAgo.length > 0 ? [...p.messagesAgo] : [p.lastSeenAgo];
      // --history: more (older) messages, between the first visit and the last one.
      for (let extra = ins.length * (history - 1); extra > 0; extra--) ins.unshift(randInt(rng, p.lastSeenAgo, Math.max(p.lastSeenAgo, p.firstSeenAgo)));
      ins.sort((x, y) => y - x);
      const isClosed = rng() < CLOSED_SHARE;
      const assignee = rng() < ASSIGNED_SHARE ? pick(rng, agentIds) : null;
      const repliedLast = assignee !== null || isClosed ? rng() < 0.6 : rng() < 0.15;
      let lastText = "";
      let k = 0;
      for (const ago of ins) {
        lastText = pick(rng, p.texts);
        m.id.push(`cbm${seed}x${i.toString(36).padStart(6, "0")}x${k++}`);
        m.conv.push(convId);
        m.dir.push("IN");
        m.text.push(lastText);
        m.state.push("RECEIVED");
        m.createdAt.push(iso(ago));
        m.sender.push(null);
      }
      const lastAgo = Math.max(0, p.lastSeenAgo - (repliedLast ? randInt(rng, 30, 3600) : 0));
      if (repliedLast) {
        lastText = pick(rng, OUT_TEXTS);
        m.id.push(`cbm${seed}x${i.toString(36).padStart(6, "0")}x${k++}`);
        m.conv.push(convId);
        m.dir.push("OUT");
        m.text.push(lastText);
        m.state.push("SENT");
        m.createdAt.push(iso(lastAgo));
        m.sender.push(assignee);
      }
      messages += k;
      if (isClosed) closed++;
      if (assignee) assigned++;
      c.id.push(convId);
      c.user.push(userId);
      c.chat.push(tg);
      c.status.push(isClosed ? "CLOSED" : "OPEN");
      c.assignee.push(assignee);
      c.at.push(iso(lastAgo));
      c.preview.push(lastText);
      c.dir.push(repliedLast ? "OUT" : "IN");
      c.unread.push(repliedLast || isClosed ? 0 : Math.min(ins.length, randInt(rng, 1, 3)));
      c.closedAt.push(isClosed ? iso(lastAgo) : null);
      c.createdAt.push(iso(p.firstSeenAgo));
    }
    await sql.query(
      `INSERT INTO "TelegramUser" ("id","botId","telegramId","firstName","lastName","username","languageCode","isPremium","firstSeenAt","lastSeenAt","source","blockedAt")
       SELECT id, $1, tg, fn, ln, un, lang, prem, fs, ls, src, bl
       FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::timestamp(3)[], $10::timestamp(3)[], $11::text[], $12::timestamp(3)[])
         AS t(id, tg, fn, ln, un, lang, prem, fs, ls, src, bl)`,
      [botId, u.id, u.tg, u.first, u.last, u.username, u.lang, u.premium, u.firstSeen, u.lastSeen, u.source, u.blocked],
    );
    await sql.query(
      `INSERT INTO "Conversation" ("id","botId","telegramUserId","chatId","status","assigneeId","lastMessageAt","lastMessagePreview","lastMessageDirection","unreadCount","closedAt","createdAt")
       SELECT id, $1, uid, chat, st::"ConversationStatus", asg, at, pv, dir::"MessageDirection", unread, cl, cr
       FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::timestamp(3)[], $8::text[], $9::text[], $10::int[], $11::timestamp(3)[], $12::timestamp(3)[])
         AS t(id, uid, chat, st, asg, at, pv, dir, unread, cl, cr)`,
      [botId, c.id, c.user, c.chat, c.status, c.assignee, c.at, c.preview, c.dir, c.unread, c.closedAt, c.createdAt],
    );
    await sql.query(
      `INSERT INTO "Message" ("id","conversationId","direction","text","deliveryState","createdAt","sentAt","senderStaffId")
       SELECT id, conv, dir::"MessageDirection", txt, st::"DeliveryState", cr, CASE WHEN dir = 'OUT' THEN cr END, snd
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp(3)[], $7::text[]) AS t(id, conv, dir, txt, st, cr, snd)`,
      [m.id, m.conv, m.dir, m.text, m.state, m.createdAt, m.sender],
    );
  }
  const seedMs = performance.now() - t0;
  const t1 = performance.now();
  await sql.query("ANALYZE");
  return { conversations: n, open: n - closed, closed, assigned, messages, users: n, oldestDays: round(oldest / 86_400), seedMs: Math.round(seedMs), analyzeMs: Math.round(performance.now() - t1) };
}

// ==================================================================================== list

type TScenario = {
  key: string;
  label: string;
  who: "admin" | "agent";
  query: Record<string, string>;
  /** Walk this many pages with the cursor first (the timed request is page `page`). */
  page?: number | "last";
};

type TListResult = {
  key: string;
  label: string;
  who: string;
  page: number;
  url: string;
  items: number;
  coldServerMs: number;
  warmServerMs: TStats;
  warmRoundTripMs: TStats;
  inProcess: { listMs: TStats; countsMs: TStats };
  sql: { statements: number; slowest: { ms: number; sql: string } | null };
  plan: { summary: string; executionMs: number | null; text: string } | null;
};

type TListPage = { items: { id: string; status: string; assignee: { id: string } | null; user: { name: string; username: string | null }; lastMessageAt: string }[]; nextCursor: string | null; counts: { all: number; mine: number; unassigned: number; unread: number } };

async function getList(baseUrl: string, cookie: string, query: Record<string, string>): Promise<{ page: TListPage; serverMs: number; roundTripMs: number; status: number }> {
  const qs = new URLSearchParams(query).toString();
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/inbox/conversations${qs ? `?${qs}` : ""}`, { headers: { cookie } });
  const body = await res.text();
  const roundTripMs = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET /api/inbox/conversations?${qs} answered ${res.status}: ${body.slice(0, 300)}`);
  return { page: JSON.parse(body) as TListPage, serverMs: Number(res.headers.get("x-bench-server-ms") ?? NaN), roundTripMs, status: res.status };
}

// ==================================================================================== main


type TSource = { commit: string; changedFiles: string[]; diffSha: string } | null;

/** Which code was measured: the commit and any uncommitted changes (files, and a hash of the diff). */
function sourceState(): TSource {
  try {
    const git = (...a: string[]) => execFileSync("git", a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const changedFiles = git("status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean).map((l) => l.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD").trim(), changedFiles, diffSha: createHash("sha256").update(git("diff", "HEAD")).digest("hex").slice(0, 12) };
  } catch {
    return null;
  }
}

type TNoise = { maxLoad1: number; otherDatabases: string[]; maxOtherActiveBackends: number; samples: number };

/**
 * Other work on this machine and PostgreSQL server while the bench runs (another bench, a dev
 * server): sampled every second, reported with the figures, which it inflates.
 */
function monitorNoise(serverUrl: string, ownDatabase: string) {
  const noise: TNoise = { maxLoad1: 0, otherDatabases: [], maxOtherActiveBackends: 0, samples: 0 };
  const client = new pg.Client({ connectionString: serverUrl, application_name: "tagflow-bench-noise" });
  const others = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    try {
      await client.connect();
      while (!stopped) {
        const { rows } = await client.query<{ datname: string | null; active: number }>(
          `SELECT datname, count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid())::int AS active
           FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname IS DISTINCT FROM $1 GROUP BY datname`,
          [ownDatabase],
        );
        let active = 0;
        for (const r of rows) {
          if (r.datname && r.datname !== "postgres") others.add(r.datname);
          active += r.active;
        }
        noise.maxOtherActiveBackends = Math.max(noise.maxOtherActiveBackends, active);
        noise.maxLoad1 = Math.max(noise.maxLoad1, round(os.loadavg()[0] ?? 0, 2));
        noise.samples++;
        await sleep(1000);
      }
    } catch {
      // monitoring is best effort
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return {
    async stop(): Promise<TNoise> {
      stopped = true;
      await loop;
      noise.otherDatabases = [...others].sort();
      return noise;
    },
  };
}

type TLatencyPhase = {
  label: string;
  messages: number;
  arrived: Record<string, number>;
  latencyMs: Record<string, TStats>;
  stagesMs: Record<string, TStats>;
  sendSpanMs: number;
  /** Bursts: p95 (admin console) of each burst. */
  p95PerBurst?: number[];
};

const STAGES = [
  "1 user → stored (emulator, getUpdates, INSERT)",
  "2 stored → job fetched by the worker (pg-boss)",
  "3 fetched → intake tx start (behind earlier jobs of its batch)",
  "4 intake tx start → processed",
  "5 processed → console (commit, NOTIFY, listener, SSE)",
] as const;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const outFile = path.resolve(args.out);
  const outDir = path.dirname(outFile);
  fs.mkdirSync(outDir, { recursive: true });
  process.env.LOG_LEVEL ||= "warn";
  const cleanup = cleanupStack();
  const checks: TCheck[] = [];
  const sourceAtStart = sourceState();
  const check = (area: string, name: string, ok: boolean, detail: string) => checks.push({ area, check: name, ok, detail });

  const machine = machineInfo();

  try {
    // ---- a fresh, migrated database (as the integration tests get theirs)
    const { server, serverUrl, database } = await useBenchDatabase(cleanup);
    const noiseMonitor = monitorNoise(serverUrl, new URL(database.url).pathname.slice(1));
    cleanup.push(() => noiseMonitor.stop());
    process.env.NEXTAUTH_SECRET = randomBytes(32).toString("hex");
    process.env.NEXTAUTH_URL = "http://127.0.0.1";

    // Only now: modules that read DATABASE_URL / the environment.
    const { db, disconnectDb } = await import("../../lib/db/client");
    cleanup.push(() => disconnectDb());
    const { startEmulator } = await import("../../lib/emulator/server");
    const { EmulatorControl } = await import("../../lib/emulator/client");
    const { encode } = await import("next-auth/jwt");

    const sql = new pg.Client({ connectionString: database.url, application_name: "tagflow-bench" });
    await sql.connect();
    cleanup.push(() => sql.end());
    const setting = async (name: string) => (await sql.query<{ v: string }>("SELECT current_setting($1) AS v", [name])).rows[0]?.v ?? "?";
    const trgm = await sql.query<{ name: string; installed: string | null }>("SELECT name, installed_version AS installed FROM pg_available_extensions WHERE name = 'pg_trgm'");
    const postgres = {
      version: (await setting("server_version")).split(" ")[0] ?? "?",
      fsync: await setting("fsync"),
      synchronousCommit: await setting("synchronous_commit"),
      sharedBuffers: await setting("shared_buffers"),
      server,
      pgTrgm: trgm.rows[0] ? (trgm.rows[0].installed ? `installed (${trgm.rows[0].installed})` : "available, not installed") : "not available",
    };

    // ---- Telegram side: the emulator, with Telegram's flood limits
    const emulator = await startEmulator({ port: 0 });
    cleanup.push(() => emulator.close());
    const control: EmulatorControl = new EmulatorControl(emulator.url);
    const emuBot: BotView = await control.createBot({ username: "inbox_bench_bot", first_name: "Inbox Bench" });
    const bot = await db().bot.create({
      data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: "Inbox Bench", token: emuBot.token, apiRoot: emulator.url, updateMode: "POLLING", webhookSecret: randomBytes(16).toString("hex") },
      select: { id: true },
    });

    // ---- staff and their session cookies (what next-auth sets after a login)
    const staffRow = async (role: TStaffSession["role"], name: string): Promise<TStaffSession> => {
      const s = await db().staffUser.create({ data: { email: `${name.toLowerCase().replace(/\W+/g, ".")}@bench.test`, name, role, passwordHash: "!bench: no password login" } });
      return { id: s.id, role: s.role, name: s.name, email: s.email };
    };
    const admin = await staffRow("ADMIN", "Ada Admin");
    const agents: TStaffSession[] = [];
    for (let i = 1; i <= AGENTS; i++) agents.push(await staffRow("AGENT", `Agent ${i}`));
    const agent = agents[0]!;
    const cookieOf = async (s: TStaffSession) =>
      `next-auth.session-token=${await encode({ token: { sub: s.id, name: s.name, email: s.email, staffId: s.id, role: s.role }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const cookies = { admin: await cookieOf(admin), agent: await cookieOf(agent) };

    console.log(`Tagflow inbox benchmark: ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAverageAtStart.join(" ")}, Node ${machine.node}, PostgreSQL ${postgres.version}`);
    console.log(`  database ${new URL(database.url).pathname.slice(1)} on the ${server} (fsync=${postgres.fsync}, synchronous_commit=${postgres.synchronousCommit}); pg_trgm: ${postgres.pgTrgm}`);
    console.log(`  children log to ${path.relative(process.cwd(), outDir)}/inbox-web.log and inbox-worker.log`);

    const childEnv = { ...process.env };
    let web: TChild | null = null;
    const startWeb = async () => {
      web = await startChild("web", childEnv, path.join(outDir, "inbox-web.log"));
      cleanup.push(() => web!.stop());
      return web;
    };

    // ================================================================================ list
    let seedSummary: TSeedSummary | null = null;
    const listResults: TListResult[] = [];
    if (args.only !== "latency") {
      console.log(`\n▸ Conversation list: seeding ${fmt(args.conversations)} conversations…`);
      seedSummary = await seedConversations(sql, bot.id, agents.map((a) => a.id), args.conversations, args.seed, args.history);
      console.log(
        `  ${fmt(seedSummary.conversations)} conversations (${fmt(seedSummary.open)} open, ${fmt(seedSummary.closed)} closed, ${fmt(seedSummary.assigned)} assigned), ${fmt(seedSummary.messages)} messages, last messages over ${seedSummary.oldestDays} days; seeded in ${seedSummary.seedMs} ms, ANALYZE ${seedSummary.analyzeMs} ms`,
      );
      const w = web ?? (await startWeb());
      const baseUrl = `http://127.0.0.1:${w.port}`;
      listResults.push(...(await runList({ args, sql, baseUrl, cookies, admin, agent, check })));
    }

    // ================================================================================ latency
    let latency: Awaited<ReturnType<typeof runLatency>> | null = null;
    if (args.only !== "list") {
      const w = web ?? (await startWeb());
      latency = await runLatency({ args, sql, baseUrl: `http://127.0.0.1:${w.port}`, cookies, control, emuBot, botId: bot.id, check, cleanup, childEnv, outDir });
    }

    const webUsage = web ? await (web as TChild).stop() : null;
    machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
    const noise = await noiseMonitor.stop();
    const sourceAtEnd = sourceState();
    const source = { atStart: sourceAtStart, changedDuringRun: JSON.stringify(sourceAtStart) !== JSON.stringify(sourceAtEnd), atEnd: sourceAtEnd };
    const report = {
      generatedAt: new Date().toISOString(),
      ok: checks.every((c) => c.ok),
      outFile: path.relative(process.cwd(), outFile),
      machine,
      postgres,
      noise,
      source,
      config: args,
      definitions: {
        latency:
          "ms from just before the simulated user's message is handed to the Bot API emulator (control.message / control.batch) to the moment this process has read the SSE frame of its message.created event from an open GET /api/inbox/stream (real route handler, real session, in a separate web process; the real worker in another process polls the emulator). Both instants on this process's monotonic clock.",
        stages: "from the rows intake wrote (TelegramUpdate.receivedAt/processedAt, pgboss.job.started_on, InboxEvent.createdAt = the intake transaction's start), admin console, same host clock",
        listServerMs: "web process: request received → response body complete, for GET /api/inbox/conversations (auth + listConversations + countConversations + touchStaffActivity + JSON), the route handler unmodified",
        cold: "the first request of that kind in a freshly started web process (new database connections, nothing cached in Node; PostgreSQL's buffers are warm from seeding)",
      },
      list: seedSummary ? { seed: seedSummary, scenarios: listResults } : null,
      latency,
      processes: { web: webUsage },
      checks,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report, args);
    return report.ok ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

// ------------------------------------------------------------------------------------ latency phase

type TSent = { text: string; t0: number; epoch0: number; updateId: number | null; arrived: Map<string, { at: number; createdAt: string | undefined }>; duplicates: number };

async function runLatency(ctx: {
  args: TArgs;
  sql: pg.Client;
  baseUrl: string;
  cookies: { admin: string; agent: string };
  control: EmulatorControl;
  emuBot: BotView;
  botId: string;
  check: (area: string, name: string, ok: boolean, detail: string) => void;
  cleanup: TCleanup;
  childEnv: NodeJS.ProcessEnv;
  outDir: string;
}): Promise<{ phases: TLatencyPhase[]; consoles: string[]; worker: { cpuSeconds: number; maxRssMb: number } | null }> {
  const { args, sql, baseUrl, cookies, control, emuBot, check, cleanup, childEnv, outDir } = ctx;
  const { botId } = ctx;
  const { db } = await import("../../lib/db/client");
  const { asksForHuman, ZInboxSettings } = await import("../../lib/inbox/settings");
  const latencyPhases: TLatencyPhase[] = [];
  console.log(`\n▸ Live latency: starting the worker, connecting two consoles (admin, agent), ${args.active} users start the bot…`);
  const worker = await startChild("worker", childEnv, path.join(outDir, "inbox-worker.log"));
  cleanup.push(() => worker.stop());

  // What every console receives, by message text.
  const byText = new Map<string, TSent>();
  const probes = new Map<string, Set<string>>();
  const onEvent = (label: string) => (e: TWireEvent, at: number) => {
    if (e.kind === "typing" && typeof e.payload?.probe === "string") probes.get(e.payload.probe)?.add(label);
    if (e.kind !== "message.created") return;
    const text = (e.payload?.message as { text?: string } | undefined)?.text;
    const sent = text ? byText.get(text) : undefined;
    if (!sent) return;
    if (sent.arrived.has(label)) sent.duplicates++;
    else sent.arrived.set(label, { at, createdAt: e.createdAt });
  };
  const consoles = [await connectConsole(baseUrl, cookies.admin, "admin", onEvent("admin")), await connectConsole(baseUrl, cookies.agent, "agent", onEvent("agent"))];
  cleanup.push(async () => consoles.forEach((c) => c.close()));
  // Live only once the web process's listener is connected: wait for a probe event to reach both.
  const { publishInboxEvent } = await import("../../lib/realtime/publish");
  await until("both consoles to be live", 30_000, async () => {
    const probe = randomBytes(6).toString("hex");
    probes.set(probe, new Set());
    await publishInboxEvent(db(), { kind: "typing", payload: { probe } });
    await sleep(200);
    return probes.get(probe)!.size === consoles.length;
  });

  // 50 users start the bot; wait until intake has their conversations and the queue is idle.
  const rng = createRng(args.seed ^ 0x1a7e);
  const users: TgUser[] = await control.createUsers(
    Array.from({ length: args.active }, (_, i) => {
      const p = persona(args.seed + 1, i);
      return { first_name: p.first_name, last_name: p.last_name, username: p.username?.slice(0, 32), language_code: p.language_code };
    }),
  );
  await control.batch(users.map((u) => ({ type: "start" as const, user_id: u.id, bot_id: emuBot.id, payload: "bench" })));
  const pendingJobs = async () =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'telegram.process-update' AND state < 'completed'`)).rows[0]?.n ?? 0;
  const liveConversations = async () =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Conversation" WHERE "botId" = $1 AND "chatId" = ANY($2::bigint[])`, [botId, users.map((u) => String(u.id))])).rows[0]?.n ?? 0;
  await until(`${args.active} conversations and an idle queue`, 120_000, async () => (await liveConversations()) === args.active && (await pendingJobs()) === 0, 250);
  await sleep(1500); // the bot's welcome replies (flood-limited) settle

  // Texts people write, without handoff keywords (a handoff would add other events).
  const keywords = ZInboxSettings.parse({}).handoffKeywords;
  const texts = LANGUAGES.flatMap((l) => l.texts).filter((t) => !asksForHuman(t, keywords));
  let seq = 0;
  const newText = (phase: string) => `${pick(rng, texts)} #${phase}${++seq}`;

  /** Waits until every message reached every console (or 60 s passed). */
  const waitForArrivals = async (label: string, expected: TSent[]) => {
    await until(`${label}: every message in every console`, 60_000, () => expected.every((s) => s.arrived.size === consoles.length), 25).catch((e: unknown) =>
      console.log(`  ! ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  /** Latency per console, correctness checks, and where the time went (from the rows intake wrote). */
  const summarize = async (label: string, expected: TSent[], sendSpanMs: number, groups?: TSent[][]): Promise<TLatencyPhase> => {
    const latencyMs: Record<string, TStats> = {};
    const arrived: Record<string, number> = {};
    const latencyOf = (s: TSent, c: string) => {
      const a = s.arrived.get(c);
      return a ? [a.at - s.t0] : [];
    };
    for (const c of consoles) {
      const values = expected.flatMap((s) => latencyOf(s, c.label));
      latencyMs[c.label] = stats(values);
      arrived[c.label] = values.length;
      check("latency", `${label}: every message reached the ${c.label} console`, values.length === expected.length, `${values.length}/${expected.length}`);
    }
    const dup = expected.reduce((a, s) => a + s.duplicates, 0);
    check("latency", `${label}: no message delivered twice`, dup === 0, `${dup} duplicates`);
    const ids = expected.flatMap((s) => (s.updateId === null ? [] : [String(s.updateId)]));
    const { rows } = await sql.query<{ update_id: string; received: number; processed: number | null; job_started: number | null }>(
      `SELECT u."updateId"::text AS update_id,
              extract(epoch FROM u."receivedAt" AT TIME ZONE current_setting('TimeZone')) * 1000 AS received,
              extract(epoch FROM u."processedAt" AT TIME ZONE 'UTC') * 1000 AS processed,
              extract(epoch FROM j.started_on) * 1000 AS job_started
       FROM "TelegramUpdate" u
       LEFT JOIN pgboss.job j ON j.name = 'telegram.process-update' AND j.data->>'updateRowId' = u."id"::text
       WHERE u."botId" = $1 AND u."updateId" = ANY($2::bigint[])`,
      [botId, ids],
    );
    const byUpdate = new Map(rows.map((r) => [r.update_id, r]));
    const stage: Record<string, number[]> = Object.fromEntries(STAGES.map((st) => [st, [] as number[]]));
    for (const s of expected) {
      const r = s.updateId === null ? undefined : byUpdate.get(String(s.updateId));
      const a = s.arrived.get("admin");
      if (!r || !a || r.processed === null || r.job_started === null) continue;
      const arrivedEpoch = s.epoch0 + (a.at - s.t0);
      const txStart = a.createdAt ? Date.parse(a.createdAt) : NaN;
      stage[STAGES[0]]!.push(Number(r.received) - s.epoch0);
      stage[STAGES[1]]!.push(Number(r.job_started) - Number(r.received));
      if (!Number.isNaN(txStart)) {
        stage[STAGES[2]]!.push(txStart - Number(r.job_started));
        stage[STAGES[3]]!.push(Number(r.processed) - txStart);
      }
      stage[STAGES[4]]!.push(arrivedEpoch - Number(r.processed));
    }
    return {
      label,
      messages: expected.length,
      arrived,
      latencyMs,
      stagesMs: Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, stats(v)])),
      sendSpanMs: Math.round(sendSpanMs),
      ...(groups ? { p95PerBurst: groups.map((g) => stats(g.flatMap((s) => latencyOf(s, "admin"))).p95) } : {}),
    };
  };

  // -- steady stream: open loop, one message every 1000/rate ms to a random one of the chats
  const total = Math.round(args.rate * args.seconds);
  console.log(`  steady: ${fmt(total)} messages at ${args.rate}/s over ${args.active} conversations (${args.seconds} s)…`);
  const steady: TSent[] = [];
  const sends: Promise<unknown>[] = [];
  const interval = 1000 / args.rate;
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const user = users[randInt(rng, 0, users.length - 1)]!;
    const s: TSent = { text: newText("s"), t0: 0, epoch0: 0, updateId: null, arrived: new Map(), duplicates: 0 };
    byText.set(s.text, s);
    steady.push(s);
    s.t0 = performance.now();
    s.epoch0 = epochNow();
    sends.push(control.message(user.id, { bot_id: emuBot.id, text: s.text }).then((r) => (s.updateId = r.update_id)));
  }
  const sendSpanMs = performance.now() - start;
  await Promise.all(sends);
  await waitForArrivals("steady", steady);
  latencyPhases.push(await summarize(`steady ${args.rate}/s`, steady, sendSpanMs));
  await until("an idle queue", 60_000, async () => (await pendingJobs()) === 0, 200);

  // -- bursts: every user writes at the same instant (one control call puts all in the queue)
  if (args.bursts > 0) {
    console.log(`  bursts: ${args.bursts} × ${users.length} messages at once…`);
    const bursts: TSent[][] = [];
    for (let b = 1; b <= args.bursts; b++) {
      await sleep(2000);
      const burst: TSent[] = users.map(() => ({ text: newText(`b${b}-`), t0: 0, epoch0: 0, updateId: null, arrived: new Map(), duplicates: 0 }));
      for (const s of burst) byText.set(s.text, s);
      const t0 = performance.now();
      const e0 = epochNow();
      for (const s of burst) ((s.t0 = t0), (s.epoch0 = e0));
      const results = await control.batch(users.map((u, i) => ({ type: "message" as const, user_id: u.id, bot_id: emuBot.id, text: burst[i]!.text })));
      results.forEach((r, i) => (burst[i]!.updateId = r.update_id));
      await waitForArrivals(`burst ${b}`, burst);
      bursts.push(burst);
      await until("an idle queue", 60_000, async () => (await pendingJobs()) === 0, 200);
    }
    latencyPhases.push(await summarize(`bursts of ${users.length} ×${args.bursts}`, bursts.flat(), 0, bursts));
  }

  for (const c of consoles) check("latency", `the ${c.label} console got no resync`, c.resyncs === 0, `${c.resyncs} resyncs`);
  const stored = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE c."botId" = $1 AND c."chatId" = ANY($2::bigint[]) AND m.direction = 'IN' AND m.text LIKE '%#%'`,
    [botId, users.map((u) => String(u.id))],
  );
  check("latency", "every sent message is stored once", (stored.rows[0]?.n ?? 0) === byText.size, `${stored.rows[0]?.n ?? 0} stored of ${byText.size} sent`);
  consoles.forEach((c) => c.close());
  await Promise.all(consoles.map((c) => c.closed));
  const workerUsage = await worker.stop();
  return { phases: latencyPhases, consoles: consoles.map((c) => c.label), worker: workerUsage };
}

// ------------------------------------------------------------------------------------ list phase

async function runList(ctx: {
  args: TArgs;
  sql: pg.Client;
  baseUrl: string;
  cookies: { admin: string; agent: string };
  admin: TStaffSession;
  agent: TStaffSession;
  check: (area: string, name: string, ok: boolean, detail: string) => void;
}): Promise<TListResult[]> {
  const { args, sql, baseUrl, cookies, admin, agent, check } = ctx;
  const scenarios: TScenario[] = [
    { key: "admin-all", label: "first page, all open (admin)", who: "admin", query: { view: "all", status: "open", limit: "30" } },
    { key: "agent-all", label: "first page, all open (agent: unassigned + own)", who: "agent", query: { view: "all", status: "open", limit: "30" } },
    { key: "agent-mine", label: "first page, mine (agent)", who: "agent", query: { view: "mine", status: "open", limit: "30" } },
    { key: "agent-unassigned", label: "first page, unassigned (agent)", who: "agent", query: { view: "unassigned", status: "open", limit: "30" } },
    { key: "admin-closed", label: "first page, closed (admin)", who: "admin", query: { view: "all", status: "closed", limit: "30" } },
    { key: "search-name", label: 'search by name "emma" (admin)', who: "admin", query: { view: "all", status: "open", limit: "30", q: "emma" } },
    { key: "search-text", label: 'search message text "ship to" (admin)', who: "admin", query: { view: "all", status: "open", limit: "30", q: "ship to" } },
    { key: "search-none", label: 'search, no match "refund" (admin)', who: "admin", query: { view: "all", status: "open", limit: "30", q: "refund" } },
    { key: "page-50", label: "page {n} via cursor (admin)", who: "admin", query: { view: "all", status: "open", limit: "30" }, page: 50 },
    { key: "page-last", label: "last page, {n}, via cursor (admin)", who: "admin", query: { view: "all", status: "open", limit: "30" }, page: "last" },
  ];

  // In-process: the two lib calls the route makes, with a Prisma client of our own that
  // reports its SQL (installed as the process's client, which lib/db/client.ts caches on
  // globalThis), to EXPLAIN ANALYZE what the list runs.
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import("../../lib/db/generated/client");
  const logged = new PrismaClient({
    adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 10 }),
    omit: { staffUser: { passwordHash: true }, bot: { token: true, webhookSecret: true } },
    log: [{ emit: "event", level: "query" }],
  });
  let captured: { sql: string; params: string; ms: number }[] | null = null;
  logged.$on("query", (e) => captured?.push({ sql: e.query, params: e.params, ms: e.duration }));
  const { disconnectDb } = await import("../../lib/db/client");
  await disconnectDb();
  (globalThis as unknown as { tagflowDb?: unknown }).tagflowDb = logged;
  const { listConversations, countConversations } = await import("../../lib/inbox/list-conversations");
  const { ZListConversations } = await import("../../lib/inbox/schemas");

  const sessionOf = (who: "admin" | "agent") => (who === "admin" ? admin : agent);
  const results: TListResult[] = [];
  console.log(`  ${scenarios.length} scenarios, each: 1 cold + ${args.runs} warm requests to GET /api/inbox/conversations, then the lib calls in-process`);
  for (const sc of scenarios) {
    const cookie = cookies[sc.who];
    // Walk to the page to time (following nextCursor), checking the keyset order on the way.
    let query = { ...sc.query };
    let page = 1;
    const seen = new Set<string>();
    let orderOk = true;
    let prev: { at: string; id: string } | null = null;
    while (sc.page !== undefined && page !== sc.page) {
      const { page: p } = await getList(baseUrl, cookie, query);
      // The last page (or fewer pages than asked for): time this one.
      if (p.nextCursor === null) break;
      for (const it of p.items) {
        if (seen.has(it.id)) orderOk = false;
        seen.add(it.id);
        if (prev && (it.lastMessageAt > prev.at || (it.lastMessageAt === prev.at && it.id > prev.id))) orderOk = false;
        prev = { at: it.lastMessageAt, id: it.id };
      }
      if (!p.nextCursor) break;
      query = { ...sc.query, cursor: p.nextCursor };
      page++;
    }
    const url = `/api/inbox/conversations?${new URLSearchParams(query).toString()}`;
    const cold = await getList(baseUrl, cookie, query);
    const serverMs: number[] = [];
    const roundTripMs: number[] = [];
    let firstPage = cold.page;
    for (let i = 0; i < args.runs; i++) {
      const r = await getList(baseUrl, cookie, query);
      serverMs.push(r.serverMs);
      roundTripMs.push(r.roundTripMs);
      firstPage = r.page;
    }

    // -- correctness against plain SQL
    const staff = sessionOf(sc.who);
    const where: string[] = [`c.status = '${sc.query.status === "closed" ? "CLOSED" : "OPEN"}'`];
    const params: unknown[] = [];
    if (sc.who === "agent") (params.push(staff.id), where.push(`(c."assigneeId" IS NULL OR c."assigneeId" = $${params.length})`));
    if (sc.query.view === "mine") (params.push(staff.id), where.push(`c."assigneeId" = $${params.length}`));
    if (sc.query.view === "unassigned") where.push(`c."assigneeId" IS NULL`);
    if (sc.query.q) {
      params.push(`%${sc.query.q}%`);
      const p = `$${params.length}`;
      where.push(`(u."firstName" ILIKE ${p} OR u."lastName" ILIKE ${p} OR u."username" ILIKE ${p} OR EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND m.text ILIKE ${p}))`);
    }
    const offset = sc.page === undefined ? 0 : seen.size;
    const truth = await sql.query<{ id: string; total: number }>(
      `SELECT c.id, count(*) OVER ()::int AS total FROM "Conversation" c JOIN "TelegramUser" u ON u.id = c."telegramUserId"
       WHERE ${where.join(" AND ")} ORDER BY c."lastMessageAt" DESC, c.id DESC`,
      params,
    );
    const expectedIds = truth.rows.slice(offset, offset + 30).map((r) => r.id);
    const gotIds = firstPage.items.map((i) => i.id);
    check("list", `${sc.key}: the page matches SQL`, JSON.stringify(gotIds) === JSON.stringify(expectedIds), `${gotIds.length} items${JSON.stringify(gotIds) === JSON.stringify(expectedIds) ? "" : ` ≠ expected ${expectedIds.length} (first ${gotIds[0]} vs ${expectedIds[0]})`}`);
    if (sc.page !== undefined) check("list", `${sc.key}: keyset walk in order, no repeats`, orderOk, `${seen.size} rows walked over ${page} pages`);
    if (sc.page === "last") check("list", `${sc.key}: the walk reaches every row`, seen.size + gotIds.length === (truth.rows[0]?.total ?? 0), `${seen.size + gotIds.length} of ${truth.rows[0]?.total ?? 0}`);
    if (sc.key === "admin-all" || sc.key === "agent-all") {
      const total = truth.rows[0]?.total ?? 0;
      check("list", `${sc.key}: counts.all matches SQL`, firstPage.counts.all === total, `${firstPage.counts.all} vs ${total}`);
    }

    // -- in-process: listConversations and countConversations on their own (what the route runs)
    const parsed = ZListConversations.parse(query);
    const listMs: number[] = [];
    const countsMs: number[] = [];
    const runs = Math.min(args.runs, 20);
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await listConversations(staff, parsed);
      listMs.push(performance.now() - t);
      t = performance.now();
      await countConversations(staff);
      countsMs.push(performance.now() - t);
    }
    captured = [];
    await listConversations(staff, parsed);
    const statements: { sql: string; params: string; ms: number }[] = captured;
    captured = null;
    const slowest = [...statements].sort((a, b) => b.ms - a.ms)[0] ?? null;
    // The statement that reads the list itself (the one ordering by lastMessageAt).
    const main = statements.find((s) => /ORDER BY[^]*"lastMessageAt"/i.test(s.sql)) ?? slowest;
    let plan: TListResult["plan"] = null;
    if (main) {
      try {
        const values = JSON.parse(main.params) as unknown[];
        const { rows } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${main.sql}`, values);
        const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
        const execution = /Execution Time: ([\d.]+) ms/.exec(text);
        // The plan's nodes, top down ("Limit › Index Scan using … on …"), without their costs.
        const nodes = rows
          .map((r) => r["QUERY PLAN"])
          .filter((l, i) => i === 0 || l.trimStart().startsWith("->"))
          .map((l) => l.replace(/^\s*->\s*/, "").replace(/\s+\(cost=.*$/, "").trim())
          .filter((n) => n !== "Limit")
          .slice(0, 3);
        plan = { summary: nodes.join(" › "), executionMs: execution ? Number(execution[1]) : null, text };
      } catch (e) {
        plan = { summary: `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}`, executionMs: null, text: "" };
      }
    }
    const result: TListResult = {
      key: sc.key,
      label: sc.label.replace("{n}", String(page)),
      who: sc.who,
      page,
      url,
      items: firstPage.items.length,
      coldServerMs: round(cold.serverMs),
      warmServerMs: stats(serverMs),
      warmRoundTripMs: stats(roundTripMs),
      inProcess: { listMs: stats(listMs), countsMs: stats(countsMs) },
      sql: { statements: statements.length, slowest: slowest ? { ms: slowest.ms, sql: slowest.sql } : null },
      plan,
    };
    results.push(result);
    console.log(`  ${result.label.padEnd(48)} cold ${String(result.coldServerMs).padStart(6)} ms   warm p50 ${String(result.warmServerMs.p50).padStart(5)}  p95 ${String(result.warmServerMs.p95).padStart(5)} ms`);
  }
  await logged.$disconnect();
  (globalThis as unknown as { tagflowDb?: unknown }).tagflowDb = undefined;
  return results;
}

// ------------------------------------------------------------------------------------ report

function printReport(
  report: {
    ok: boolean;
    outFile: string;
    machine: TMachine;
    postgres: Record<string, string>;
    noise: TNoise;
    source: { atStart: TSource; changedDuringRun: boolean };
    definitions: Record<string, string>;
    list: { seed: TSeedSummary; scenarios: TListResult[] } | null;
    latency: { phases: TLatencyPhase[]; workerCpuSeconds?: unknown } | null;
    checks: TCheck[];
  },
  args: TArgs,
): void {
  const m = report.machine;
  const pgInfo = report.postgres;
  console.log("\n════════ Tagflow inbox benchmark ════════");
  console.log(`  machine      ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, load ${m.loadAverageAtStart.join(" ")} → ${m.loadAverageAtEnd?.join(" ") ?? "?"}`);
  const nz = report.noise;
  const busy = nz.otherDatabases.length > 0 || nz.maxOtherActiveBackends > 0 || nz.maxLoad1 > m.cpus;
  console.log(
    `  other load   max load average ${nz.maxLoad1} on ${m.cpus} CPUs; other databases in use on the server: ${nz.otherDatabases.length === 0 ? "none" : `${nz.otherDatabases.length} (${nz.otherDatabases.slice(0, 3).join(", ")}${nz.otherDatabases.length > 3 ? ", …" : ""})`}, max ${nz.maxOtherActiveBackends} active backends at once${busy ? "\n  ⚠            the machine was shared during this run: the figures below are inflated by it" : ""}`,
  );
  const src = report.source.atStart;
  if (src) {
    console.log(`  code         ${src.commit}${src.changedFiles.length > 0 ? ` + uncommitted changes to ${src.changedFiles.join(", ")} (diff ${src.diffSha})` : ", clean"}`);
    if (report.source.changedDuringRun) console.log("  ⚠            the code changed while the bench ran: processes started later may have run other code");
  }
  console.log(`  PostgreSQL   ${pgInfo.version}, ${pgInfo.server}, fsync=${pgInfo.fsync}, synchronous_commit=${pgInfo.synchronousCommit}, shared_buffers=${pgInfo.sharedBuffers}; pg_trgm ${pgInfo.pgTrgm}`);

  if (report.latency) {
    console.log(`\n  Live latency, ms — user message → message.created in a connected console (target p95 ≤ ${TARGET_MS} ms)`);
    console.log(`  (${report.definitions.latency})`);
    console.log(`  ${"phase".padEnd(26)} ${"console".padEnd(8)} ${"n".padStart(5)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)}  target`);
    for (const p of report.latency.phases) {
      for (const [label, s] of Object.entries(p.latencyMs)) {
        const mark = s.n === 0 ? "—" : s.p95 <= TARGET_MS ? "✓ met" : "✗ missed";
        console.log(`  ${p.label.padEnd(26)} ${label.padEnd(8)} ${String(s.n).padStart(5)} ${String(s.p50).padStart(7)} ${String(s.p95).padStart(7)} ${String(s.p99).padStart(7)} ${String(s.max).padStart(7)}  ${mark}`);
      }
      if (p.p95PerBurst) console.log(`  ${"".padEnd(26)} p95 of each burst (admin): ${p.p95PerBurst.join(", ")}`);
    }
    console.log("\n  Where the time goes (admin console), ms:");
    console.log(`  ${"stage".padEnd(64)} ${report.latency.phases.map((p) => `${p.label.slice(0, 24).padStart(24)}`).join("")}`);
    const stageNames = Object.keys(report.latency.phases[0]?.stagesMs ?? {});
    for (const st of stageNames) {
      console.log(`  ${st.padEnd(64)} ${report.latency.phases.map((p) => `${`p50 ${p.stagesMs[st]?.p50 ?? "—"} / p95 ${p.stagesMs[st]?.p95 ?? "—"}`.padStart(24)}`).join("")}`);
    }
    for (const p of report.latency.phases) {
      const [name, s] = Object.entries(p.stagesMs).sort((a, b) => b[1].p95 - a[1].p95)[0] ?? [];
      if (name && s) console.log(`  ${p.label}: the largest stage at p95 is "${name.slice(2)}" (${s.p95} ms of ${p.latencyMs.admin?.p95 ?? "?"} ms)`);
    }
  }

  if (report.list) {
    const s = report.list.seed;
    console.log(`\n  Conversation list — ${fmt(s.conversations)} conversations (${fmt(s.open)} open, ${fmt(s.closed)} closed, ${fmt(s.assigned)} assigned to ${AGENTS} agents), ${fmt(s.messages)} messages`);
    console.log(`  server time of GET /api/inbox/conversations (auth + page + tab counts + JSON), ms; target < ${TARGET_MS} ms; ${args.runs} warm runs`);
    console.log(`  ${"scenario".padEnd(48)} ${"cold".padStart(7)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"max".padStart(6)} │ ${"list".padStart(5)} ${"counts".padStart(6)} │ plan of the list query (EXPLAIN ANALYZE)`);
    for (const r of report.list.scenarios) {
      const mark = r.warmServerMs.p95 < TARGET_MS ? " " : "✗";
      const plan = r.plan ? `${r.plan.executionMs !== null ? `${r.plan.executionMs} ms: ` : ""}${r.plan.summary}` : "";
      console.log(
        `${mark} ${r.label.padEnd(48)} ${String(r.coldServerMs).padStart(7)} ${String(r.warmServerMs.p50).padStart(6)} ${String(r.warmServerMs.p95).padStart(6)} ${String(r.warmServerMs.max).padStart(6)} │ ${String(r.inProcess.listMs.p50).padStart(5)} ${String(r.inProcess.countsMs.p50).padStart(6)} │ ${plan.slice(0, 110)}`,
      );
    }
    console.log("  (list / counts: p50 of listConversations / countConversations called in-process)");
    const cold = report.list.scenarios.filter((x) => x.coldServerMs >= TARGET_MS);
    if (cold.length > 0) {
      console.log(`  cold ≥ ${TARGET_MS} ms: ${cold.map((x) => `${x.label} (${x.coldServerMs} ms)`).join(", ")} — the first request of a freshly started web process, paid once per process`);
    }
    for (const r of report.list.scenarios.filter((x) => x.warmServerMs.p95 >= TARGET_MS)) {
      console.log(`\n  ✗ ${r.label} misses ${TARGET_MS} ms. EXPLAIN ANALYZE of its list query:\n${r.plan?.text.replace(/^/gm, "      ") ?? "      (none)"}`);
    }
  }

  console.log("\n  Checks");
  for (const c of report.checks) console.log(`  ${c.ok ? "✓" : "✗"} [${c.area}] ${c.check.padEnd(70)} ${c.detail}`);
  console.log(`\n  ${report.ok ? "All checks passed." : "SOME CHECKS FAILED."}  JSON: ${report.outFile}`);
}

// ------------------------------------------------------------------------------------ entry

const childIndex = process.argv.indexOf("--child");
if (childIndex !== -1) {
  void childMain(process.argv[childIndex + 1] ?? "");
} else {
  runBench(main, { script: "bench:inbox", isUsageError: (e) => e instanceof UsageError });
}

