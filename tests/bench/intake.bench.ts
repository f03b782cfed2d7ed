// `npm run bench:intake`: pushes N realistic Telegram updates (default 20,000) through
// Tagflow's intake twice — the webhook route and long polling — on a fresh PostgreSQL
// database, prints updates/s and acknowledgement latency, verifies what was written,
// and writes bench-results/intake.json. Exits 1 when a correctness check fails.
//
//   npm run bench:intake -- [--updates 20000] [--concurrency 32] [--users 2000]
//                           [--duplicates 0.05] [--only webhook|polling] [--seed 1]
//                           [--timeout 900] [--profile] [--out bench-results/intake.json]
//
// --timeout: seconds each path waits for processing (webhook: after the last acknowledgement;
// polling: from the first getUpdates). A path that does not finish is reported as such and
// fails its checks; its leftover jobs are reported as a backlog in the next path.
//
// Processes (as in production, the web side and the worker do not share an event loop):
//   this process   orchestration, the HTTP load generator, the Bot API emulator (in-process,
//                  flood limits off so the bot's replies are never throttled), DB monitoring
//   web child      the webhook route module's exported POST handler
//                  (app/api/telegram/[botId]/route.ts) served from a plain node:http server:
//                  the route handler WITHOUT Next's router/server (no `next build`/`next start`)
//   worker child   the real worker (lib/jobs/worker.ts): pg-boss jobs that process updates
//                  and run the bot's grammY handlers (replies go to the emulator), and the
//                  poller of every POLLING bot
// See tests/bench/intake-child.ts. `--profile` writes V8 CPU profiles of both children to
// bench-results/profiles/ and prints where their time went.
//
// Updates are produced by the emulator's simulated users (control API /batch): every user
// first sends /start <payload>, then a mix of plain messages, commands, button clicks on a
// menu the bot sent them, and blocking/unblocking the bot (my_chat_member kicked/member).
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { BotView, EmulatorControl, TBatchAction } from "../../lib/emulator/client";
import type { RunningEmulator } from "../../lib/emulator/server";
import type { TgUpdate, TgUser } from "../../lib/emulator/types";
import type { TChildMessage } from "./intake-child";
import { createRng } from "../../lib/emulator/prng";
import { backendCpu, backendCpuDelta, cleanupStack, latency, machineInfo, summarizeProfile, monitorConnection, runBench, useBenchDatabase, waitForChild, type TLatency, type TMachine, prepareOutput, printChecksAndProfiles } from "./harness";

// ------------------------------------------------------------------------------------ options

type TArgs = {
  updates: number;
  concurrency: number;
  users: number;
  duplicates: number;
  only: "both" | "webhook" | "polling";
  seed: number;
  timeoutS: number;
  profile: boolean;
  out: string;
};

function parseArgs(argv: string[]): TArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "profile" || name === "help") flags.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else values.set(name, argv[++i] ?? "");
  }
  if (flags.has("help")) {
    console.log(
      "npm run bench:intake -- [--updates N] [--concurrency N] [--users N] [--duplicates 0.05] [--only webhook|polling] [--seed N] [--timeout S] [--profile] [--out FILE]",
    );
    process.exit(0);
  }
  const known = new Set(["updates", "concurrency", "users", "duplicates", "only", "seed", "timeout", "out"]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}`);
  const int = (name: string, fallback: number, min: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const updates = int("updates", 20_000, 10);
  const users = int("users", Math.min(2000, Math.max(1, Math.floor(updates / 10))), 1);
  if (users > updates) throw new Error("--users must not exceed --updates (every user sends at least one update)");
  const duplicates = Number(values.get("duplicates") ?? 0.05);
  if (!(duplicates >= 0 && duplicates <= 1)) throw new Error("--duplicates must be a fraction between 0 and 1");
  const only = values.get("only") ?? "both";
  if (only !== "both" && only !== "webhook" && only !== "polling") throw new Error("--only must be webhook or polling");
  return {
    updates,
    users,
    duplicates,
    only,
    concurrency: int("concurrency", 32, 1),
    seed: int("seed", 1, 0),
    timeoutS: int("timeout", 900, 10),
    profile: flags.has("profile"),
    out: values.get("out") ?? "bench-results/intake.json",
  };
}

// ------------------------------------------------------------------------------------ small tools

/** A seeded PRNG (the emulator's), so every run sends the same mix. */
const prng = createRng;

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

function shuffle<T>(rng: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const perSecond = (count: number, ms: number): number => (ms > 0 ? Math.round((count / ms) * 1000) : 0);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString("en-US");

// ------------------------------------------------------------------------------------ child processes

type TChild = {
  role: string;
  pid: number;
  port?: number;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<{ cpu: NodeJS.CpuUsage; maxRssMb: number } | null>;
};

async function startChild(role: "web" | "worker", env: NodeJS.ProcessEnv, logFile: string, profileDir: string | null): Promise<TChild> {
  const log = fs.openSync(logFile, "w");
  // V8 names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main
  // thread (tsx's module loader thread writes one too).
  const execArgv = ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
  const child: ChildProcess = fork(path.resolve("tests/bench/intake-child.ts"), ["--role", role], {
    execArgv,
    env,
    stdio: ["ignore", log, log, "ipc"],
  });
  const waitFor = <K extends TChildMessage["type"]>(type: K, timeoutMs: number) =>
    waitForChild<TChildMessage, K>(child, role, logFile, type, timeoutMs);
  const ready = await waitFor("ready", 120_000);
  let stopped: Promise<{ cpu: NodeJS.CpuUsage; maxRssMb: number } | null> | null = null;
  return {
    role,
    pid: child.pid ?? 0,
    port: ready.port,
    async cpu() {
      const reply = waitFor("cpu", 10_000);
      child.send({ type: "cpu" });
      return (await reply).cpu;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || !child.connected) return null;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const reply = waitFor("stopped", 30_000).catch(() => null);
        child.send({ type: "stop" });
        const result = await reply;
        await Promise.race([exited, sleep(10_000).then(() => void child.kill("SIGKILL"))]);
        fs.closeSync(log);
        return result ? { cpu: result.cpu, maxRssMb: result.maxRssMb } : null;
      })();
      return stopped;
    },
  };
}

const cpuSeconds = (a: NodeJS.CpuUsage, b?: NodeJS.CpuUsage) =>
  round((a.user + a.system - (b ? b.user + b.system : 0)) / 1e6);

// ------------------------------------------------------------------------------------ PostgreSQL

type TDbContext = { sql: pg.Client; botRowIds: string[] };

type TProgress = { tMs: number; stored: number; processed: number; errors: number; pendingJobs: number; failedJobs: number };

async function progress(sql: pg.Client, botId: string, t0: number): Promise<TProgress> {
  const [u, j] = await Promise.all([
    sql.query<{ stored: number; processed: number; errors: number }>(
      `SELECT count(*)::int AS stored, count("processedAt")::int AS processed, count("error")::int AS errors
       FROM "TelegramUpdate" WHERE "botId" = $1`,
      [botId],
    ),
    sql.query<{ pending: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE state < 'completed')::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM pgboss.job WHERE name = 'telegram.process-update'`,
    ),
  ]);
  const row = u.rows[0] ?? { stored: 0, processed: 0, errors: 0 };
  return { tMs: Math.round(performance.now() - t0), ...row, pendingJobs: j.rows[0]?.pending ?? 0, failedJobs: j.rows[0]?.failed ?? 0 };
}

async function pendingJobs(sql: pg.Client): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'telegram.process-update' AND state < 'completed'`,
  );
  return rows[0]?.n ?? 0;
}

/** Samples progress every 200 ms until stop() or until every update is processed and the job queue is empty. */
function monitor(sql: pg.Client, botId: string, expected: number, t0: number) {
  const samples: TProgress[] = [];
  let stopRequested = false;
  let lastPrint = 0;
  const finished = (async () => {
    for (;;) {
      const p = await progress(sql, botId, t0);
      samples.push(p);
      if (p.tMs - lastPrint >= 5000) {
        lastPrint = p.tMs;
        console.log(`    t=${(p.tMs / 1000).toFixed(1)}s stored ${fmt(p.stored)} processed ${fmt(p.processed)} jobs pending ${fmt(p.pendingJobs)}`);
      }
      if (stopRequested || (p.stored >= expected && p.processed >= expected && p.pendingJobs === 0)) return p;
      await sleep(200);
    }
  })();
  return {
    samples,
    finished,
    stop() {
      stopRequested = true;
      return finished;
    },
  };
}

/** Exact instants from the rows themselves (ms since epoch; the worker writes processedAt in UTC). */
async function timestamps(sql: pg.Client, botId: string, sinceEpochMs: number) {
  const u = await sql.query<{ first_received: number | null; last_received: number | null; last_processed: number | null }>(
    `SELECT extract(epoch FROM min("receivedAt") AT TIME ZONE current_setting('TimeZone')) * 1000 AS first_received,
            extract(epoch FROM max("receivedAt") AT TIME ZONE current_setting('TimeZone')) * 1000 AS last_received,
            extract(epoch FROM max("processedAt") AT TIME ZONE 'UTC') * 1000 AS last_processed
     FROM "TelegramUpdate" WHERE "botId" = $1`,
    [botId],
  );
  const j = await sql.query<{ last_completed: number | null }>(
    `SELECT extract(epoch FROM max(completed_on)) * 1000 AS last_completed
     FROM pgboss.job WHERE name = 'telegram.process-update' AND created_on >= to_timestamp($1::float8 / 1000)`,
    [sinceEpochMs],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const row = u.rows[0];
  return {
    firstReceived: num(row?.first_received),
    lastReceived: num(row?.last_received),
    lastProcessed: num(row?.last_processed),
    lastJobCompleted: num(j.rows[0]?.last_completed),
  };
}

// ------------------------------------------------------------------------------------ the simulated crowd

const PAYLOADS = ["ads_fb_spring", "ads_ig_story", "yt_review", "tiktok_promo", "partner_acme", "ref_friend", "newsletter", "qr_store_berlin", "seo_blog"];
const TEXTS = [
  "Hi!",
  "Hello, is anyone there?",
  "How much does shipping to Lisbon cost?",
  "Do you have this in size M?",
  "thanks 🙏",
  "When will my order arrive? It has been a week.",
  "Can I pay with PayPal?",
  "ok",
  "I'd like to return an item, what do I need to do?",
  "Is the discount code still valid?",
  "👍",
  "What are your opening hours on Sunday?",
];
const COMMANDS = ["/menu", "/menu", "/help", "/help", "/start", "/settings"];
const MENU_DATA = ["menu:products", "menu:news", "menu:help", "menu:human"];
const FIRST_NAMES = ["Anna", "Ben", "Chen", "Dilnoza", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jamal", "Kira", "Luca", "Maya", "Nikolai", "Olga", "Pedro"];
const LAST_NAMES = ["Smith", "Ivanova", "Kowalski", "Silva", "Nguyen", "Müller", "Rossi", "Yilmaz"];
const LANGUAGES = ["en", "en", "en", "de", "ru", "es", "pt-br", "tr", "uk"];

async function createSimUsers(control: EmulatorControl, rng: () => number, count: number): Promise<TgUser[]> {
  const users: TgUser[] = [];
  for (const part of chunks(Array.from({ length: count }, (_, i) => i), 5000)) {
    const created = await control.createUsers(
      part.map((i) => {
        const r = rng();
        return {
          first_name: pick(rng, FIRST_NAMES),
          ...(r < 0.6 ? { last_name: pick(rng, LAST_NAMES) } : {}),
          ...(r < 0.7 ? { username: `bench_user_${i}` } : {}),
          ...(rng() < 0.9 ? { language_code: pick(rng, LANGUAGES) } : {}),
          ...(rng() < 0.08 ? { is_premium: true } : {}),
        };
      }),
    );
    users.push(...created);
  }
  return users;
}

/** Opens a chat with every user (no update) and sends each the bot's menu, so users can click its buttons later. */
async function seedChats(emulator: RunningEmulator, control: EmulatorControl, bot: BotView, users: TgUser[]): Promise<Map<number, number>> {
  const { WELCOME_MENU } = await import("../../lib/telegram/default-handlers");
  for (const part of chunks(users, 5000)) {
    await control.batch(part.map((u) => ({ type: "start", user_id: u.id, bot_id: bot.id, silent: true })));
  }
  const menus = new Map<number, number>();
  await inPool(users, 32, async (u) => {
    const res = await fetch(`${emulator.url}/bot${bot.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: u.id, text: "What would you like to see?", reply_markup: WELCOME_MENU }),
    });
    const body = (await res.json()) as { ok: boolean; result?: { message_id: number }; description?: string };
    if (!body.ok || !body.result) throw new Error(`emulator sendMessage failed: ${body.description ?? res.status}`);
    menus.set(u.id, body.result.message_id);
  });
  return menus;
}

/**
 * One action per update. Every user appears at least once; their first action is /start
 * (90 % with a campaign payload); a user who blocked the bot unblocks it next.
 */
function planActions(rng: () => number, botId: number, users: TgUser[], menus: Map<number, number>, count: number): TBatchAction[] {
  const slots = users.map((u) => u.id);
  while (slots.length < count) slots.push(pick(rng, users).id);
  shuffle(rng, slots);
  const seen = new Set<number>();
  const blocked = new Set<number>();
  return slots.map((userId): TBatchAction => {
    const base = { user_id: userId, bot_id: botId };
    if (!seen.has(userId)) {
      seen.add(userId);
      return rng() < 0.9 ? { type: "start", ...base, payload: pick(rng, PAYLOADS) } : { type: "start", ...base };
    }
    if (blocked.has(userId)) {
      blocked.delete(userId);
      return { type: "unblock", ...base };
    }
    const r = rng();
    if (r < 0.5) return { type: "message", ...base, text: pick(rng, TEXTS) };
    if (r < 0.62) return { type: "message", ...base, text: pick(rng, COMMANDS) };
    if (r < 0.84) return { type: "click", ...base, message_id: menus.get(userId) ?? 1, data: pick(rng, MENU_DATA) };
    if (r < 0.88) {
      blocked.add(userId);
      return { type: "block", ...base };
    }
    return { type: "start", ...base, payload: pick(rng, PAYLOADS) };
  });
}

async function emitUpdates(control: EmulatorControl, actions: TBatchAction[]): Promise<number> {
  let emitted = 0;
  for (const part of chunks(actions, 2000)) {
    const results = await control.batch(part);
    const missing = results.filter((r) => r.update_id === null).length;
    if (missing > 0) throw new Error(`${missing} simulated actions produced no update`);
    emitted += results.length;
  }
  return emitted;
}

/** What the database must show once these updates are processed. */
function expectations(updates: TgUpdate[]) {
  const users = new Set<number>();
  const withPayload = new Set<number>();
  const lastMembership = new Map<number, string>();
  const counts = { messages: 0, commands: 0, starts: 0, clicks: 0, kicked: 0, member: 0 };
  for (const u of [...updates].sort((a, b) => a.update_id - b.update_id)) {
    const m = u.message;
    if (m?.from) {
      users.add(m.from.id);
      counts.messages++;
      const entity = m.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
      if (entity && m.text) {
        counts.commands++;
        if (m.text.slice(1, entity.length).split("@")[0]?.toLowerCase() === "start") {
          counts.starts++;
          if (m.text.slice(entity.length).trim()) withPayload.add(m.from.id);
        }
      }
    } else if (u.callback_query) {
      users.add(u.callback_query.from.id);
      counts.clicks++;
    } else if (u.my_chat_member) {
      const status = u.my_chat_member.new_chat_member.status;
      users.add(u.my_chat_member.from.id);
      if (status === "kicked") counts.kicked++;
      if (status === "member") counts.member++;
      lastMembership.set(u.my_chat_member.from.id, status);
    }
  }
  const blockedAtEnd = new Set([...lastMembership].filter(([, s]) => s === "kicked").map(([id]) => id));
  return { updates: updates.length, ids: new Set(updates.map((u) => u.update_id)), users: users.size, usersWithPayload: withPayload.size, blockedAtEnd, ...counts };
}

function mixOf(exp: ReturnType<typeof expectations>) {
  return {
    users: exp.users,
    startCommands: exp.starts,
    otherCommands: exp.commands - exp.starts,
    plainMessages: exp.messages - exp.commands,
    buttonClicks: exp.clicks,
    blocked: exp.kicked,
    unblocked: exp.member,
  };
}

type TCheck = { path: string; check: string; expected: number | string; actual: number | string; ok: boolean; informational?: boolean };

async function verify(sql: pg.Client, pathName: string, botId: string, exp: ReturnType<typeof expectations>): Promise<{ checks: TCheck[]; outgoing: Record<string, number> }> {
  const checks: TCheck[] = [];
  const add = (check: string, expected: number | string, actual: number | string, informational = false) =>
    checks.push({ path: pathName, check, expected, actual, ok: expected === actual, ...(informational ? { informational } : {}) });

  const upd = (
    await sql.query<{ total: number; distinct_ids: number; processed: number; errors: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT "updateId")::int AS distinct_ids,
              count("processedAt")::int AS processed, count("error")::int AS errors
       FROM "TelegramUpdate" WHERE "botId" = $1`,
      [botId],
    )
  ).rows[0];
  const ids = (await sql.query<{ id: string }>(`SELECT "updateId"::text AS id FROM "TelegramUpdate" WHERE "botId" = $1`, [botId])).rows;
  const unexpected = ids.filter((r) => !exp.ids.has(Number(r.id))).length;
  add("stored updates = distinct update_ids sent", exp.updates, upd?.total ?? 0);
  add("each update_id stored once", upd?.total ?? 0, upd?.distinct_ids ?? 0);
  add("stored update_ids that were never sent", 0, unexpected);
  add("updates processed", exp.updates, upd?.processed ?? 0);
  add("updates processed with an error", 0, upd?.errors ?? 0);

  const tu = (
    await sql.query<{ users: number; with_source: number }>(
      `SELECT count(*)::int AS users, count("source")::int AS with_source FROM "TelegramUser" WHERE "botId" = $1`,
      [botId],
    )
  ).rows[0];
  add("Telegram users = distinct users", exp.users, tu?.users ?? 0);
  add("users with a source = users who sent /start <payload>", exp.usersWithPayload, tu?.with_source ?? 0);

  const incoming = (
    await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
       WHERE c."botId" = $1 AND m."direction" = 'IN'`,
      [botId],
    )
  ).rows[0];
  add("incoming messages = message updates", exp.messages, incoming?.n ?? 0);

  const events = new Map(
    (await sql.query<{ name: string; n: number }>(`SELECT "name", count(*)::int AS n FROM "Event" WHERE "botId" = $1 GROUP BY "name"`, [botId])).rows.map(
      (r) => [r.name, r.n],
    ),
  );
  add("message_received events", exp.messages, events.get("message_received") ?? 0);
  add("command events", exp.commands, events.get("command") ?? 0);
  add("start events", exp.starts, events.get("start") ?? 0);
  add("button_click events", exp.clicks, events.get("button_click") ?? 0);
  add("bot_blocked events", exp.kicked, events.get("bot_blocked") ?? 0);
  add("bot_unblocked events", exp.member, events.get("bot_unblocked") ?? 0);

  // Informational: intake gives no per-user ordering guarantee (jobs run concurrently), so a
  // block and the unblock right after it may be applied in the other order.
  const blocked = new Set(
    (await sql.query<{ id: string }>(`SELECT "telegramId"::text AS id FROM "TelegramUser" WHERE "botId" = $1 AND "blockedAt" IS NOT NULL`, [botId])).rows.map((r) =>
      Number(r.id),
    ),
  );
  const wrong = [...new Set([...blocked, ...exp.blockedAtEnd])].filter((id) => blocked.has(id) !== exp.blockedAtEnd.has(id)).length;
  add("users whose blocked state differs from their last my_chat_member (ordering)", 0, wrong, true);

  const outgoing: Record<string, number> = {};
  for (const r of (
    await sql.query<{ state: string; n: number }>(
      `SELECT m."deliveryState"::text AS state, count(*)::int AS n FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
       WHERE c."botId" = $1 AND m."direction" = 'OUT' GROUP BY 1`,
      [botId],
    )
  ).rows)
    outgoing[r.state] = r.n;
  return { checks, outgoing };
}

// ------------------------------------------------------------------------------------ webhook path

type TPostResult = { status: number; stored: boolean | null; ms: number };

function post(agent: http.Agent, port: number, urlPath: string, secret: string, body: Buffer): Promise<TPostResult> {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        path: urlPath,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": body.length, "x-telegram-bot-api-secret-token": secret },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => {
          const ms = performance.now() - t;
          let stored: boolean | null = null;
          try {
            const parsed = JSON.parse(Buffer.concat(parts).toString("utf8")) as { stored?: boolean };
            stored = typeof parsed.stored === "boolean" ? parsed.stored : null;
          } catch {
            // reported through the status
          }
          resolve({ status: res.statusCode ?? 0, stored, ms });
        });
        res.on("error", () => resolve({ status: 0, stored: null, ms: performance.now() - t }));
      },
    );
    req.on("error", () => resolve({ status: 0, stored: null, ms: performance.now() - t }));
    req.end(body);
  });
}

type TCtx = {
  args: TArgs;
  emulator: RunningEmulator;
  control: EmulatorControl;
  sql: pg.Client;
  worker: TChild;
  web: TChild | null;
  users: TgUser[];
  createBotRow(input: { emu: BotView; mode: "WEBHOOK" | "POLLING"; secret: string; label: string }): Promise<string>;
};

async function runWebhook(ctx: TCtx) {
  const { args, control, emulator, sql, web, worker } = ctx;
  if (!web?.port) throw new Error("web child is not running");
  console.log("\n▶ webhook path");
  const emu = await control.createBot({ username: "bench_webhook_bot", first_name: "Bench Webhook" });
  const menus = await seedChats(emulator, control, emu, ctx.users);
  const rng = prng(args.seed * 7919 + 1);
  await emitUpdates(control, planActions(rng, emu.id, ctx.users, menus, args.updates));
  const updates = await control.pendingUpdates(emu.id);
  if (updates.length !== args.updates) throw new Error(`emulator queued ${updates.length} updates, expected ${args.updates}`);

  const secret = randomBytes(24).toString("base64url");
  const botId = await ctx.createBotRow({ emu, mode: "WEBHOOK", secret, label: "webhook" });

  // Re-deliveries: a share of the updates is posted a second time a little later.
  const order = updates.map((u, i) => ({ key: i, body: Buffer.from(JSON.stringify(u)), dup: false }));
  const dupCount = Math.round(args.updates * args.duplicates);
  for (const i of shuffle(rng, updates.map((_, i) => i)).slice(0, dupCount)) {
    order.push({ key: i + 1 + rng() * 300, body: order[i]!.body, dup: true });
  }
  order.sort((a, b) => a.key - b.key);
  console.log(`  posting ${fmt(order.length)} requests (${fmt(args.updates)} updates + ${fmt(dupCount)} re-posted duplicates), ${args.concurrency} in flight`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: args.concurrency });
  const urlPath = `/api/telegram/${encodeURIComponent(botId)}`;
  // Open the connections first so that TCP set-up is not counted as acknowledgement time.
  await Promise.all(Array.from({ length: args.concurrency }, () => post(agent, web.port!, "/warm-up", secret, Buffer.from("{}"))));

  const backlog = await pendingJobs(sql);
  const [cpuWeb0, cpuWorker0, pg0] = await Promise.all([web.cpu(), worker.cpu(), backendCpu(sql)]);
  const cpuMain0 = process.cpuUsage();
  const startedAt = Date.now();
  const t0 = performance.now();
  const mon = monitor(sql, botId, args.updates, t0);
  const results: TPostResult[] = new Array(order.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      while (next < order.length) {
        const i = next++;
        results[i] = await post(agent, web.port!, urlPath, secret, order[i]!.body);
      }
    }),
  );
  const ackMs = performance.now() - t0;
  const [cpuWeb1, pgAck] = await Promise.all([web.cpu(), backendCpu(sql)]);
  const cpuMainAck = process.cpuUsage(cpuMain0);
  console.log(`  acknowledged in ${(ackMs / 1000).toFixed(2)} s; waiting for processing…`);
  const deadline = setTimeout(() => void mon.stop(), args.timeoutS * 1000);
  const last = await mon.finished;
  clearTimeout(deadline);
  const doneMs = performance.now() - t0;
  const [cpuWeb2, cpuWorker2, pg2] = await Promise.all([web.cpu(), worker.cpu(), backendCpu(sql)]);
  const cpuMain = process.cpuUsage(cpuMain0);
  agent.destroy();

  const ts = await timestamps(sql, botId, startedAt - 1000);
  // Durations only when complete: a timed-out phase reports how far it got instead.
  const allProcessed = last.processed >= args.updates;
  const drained = allProcessed && last.pendingJobs === 0;
  const processedMs = allProcessed && ts.lastProcessed !== null ? ts.lastProcessed - startedAt : null;
  const jobsDoneMs = drained && ts.lastJobCompleted !== null ? ts.lastJobCompleted - startedAt : null;
  const exp = expectations(updates);
  const { checks, outgoing } = await verify(sql, "webhook", botId, exp);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
  const storedTrue = results.filter((r) => r.stored === true).length;
  const storedFalse = results.filter((r) => r.stored === false).length;
  checks.unshift(
    { path: "webhook", check: "HTTP 200 responses", expected: order.length, actual: statuses["200"] ?? 0, ok: (statuses["200"] ?? 0) === order.length },
    { path: "webhook", check: 'responses with "stored": true', expected: args.updates, actual: storedTrue, ok: storedTrue === args.updates },
    { path: "webhook", check: 'responses with "stored": false (duplicates)', expected: dupCount, actual: storedFalse, ok: storedFalse === dupCount },
    { path: "webhook", check: "processing finished before the timeout", expected: "yes", actual: last.processed >= args.updates && last.pendingJobs === 0 ? "yes" : "no", ok: last.processed >= args.updates && last.pendingJobs === 0 },
  );
  const emuStats = await control.stats(emu.id);
  return {
    server: "route handler of app/api/telegram/[botId]/route.ts (exported POST) on node:http — without Next's router/server",
    mix: mixOf(exp),
    requests: order.length,
    distinctUpdates: args.updates,
    duplicatesPosted: dupCount,
    concurrency: args.concurrency,
    jobsPendingAtStart: backlog,
    statuses,
    acknowledgement: {
      durationMs: Math.round(ackMs),
      requestsPerSecond: perSecond(order.length, ackMs),
      updatesPerSecond: perSecond(args.updates, ackMs),
      latencyMs: latency(results.map((r) => r.ms)),
    },
    processing: {
      definition: "from the first POST until the last update's processedAt (user, conversation, message and events written)",
      durationMs: processedMs !== null ? Math.round(processedMs) : null,
      updatesPerSecond: processedMs ? perSecond(args.updates, processedMs) : null,
      processedWhenAckFinished: mon.samples.findLast((s) => s.tMs <= ackMs)?.processed ?? null,
      processedAtEnd: last.processed,
    },
    handlers: {
      definition: "from the first POST until the last telegram.process-update job completed (bot replies sent and recorded)",
      durationMs: jobsDoneMs !== null ? Math.round(jobsDoneMs) : null,
      updatesPerSecond: jobsDoneMs ? perSecond(args.updates, jobsDoneMs) : null,
      failedJobs: last.failedJobs,
      botApiCalls: emuStats.byMethod,
      outgoingMessages: outgoing,
    },
    cpuSeconds: {
      duringAcknowledgement: { web: cpuSeconds(cpuWeb1, cpuWeb0), loadGeneratorAndEmulator: cpuSeconds(cpuMainAck), postgresBackends: backendCpuDelta(pg0, pgAck) },
      untilDone: {
        web: cpuSeconds(cpuWeb2, cpuWeb0),
        worker: cpuSeconds(cpuWorker2, cpuWorker0),
        loadGeneratorAndEmulator: cpuSeconds(cpuMain),
        postgresBackends: backendCpuDelta(pg0, pg2),
        wallSeconds: round(doneMs / 1000),
      },
    },
    progress: thin(mon.samples),
    checks,
  };
}

/** Keeps about one progress sample per second for the JSON. */
function thin(samples: TProgress[]): TProgress[] {
  let lastT = -Infinity;
  return samples.filter((s, i) => {
    if (i === samples.length - 1 || s.tMs - lastT >= 1000) {
      lastT = s.tMs;
      return true;
    }
    return false;
  });
}

// ------------------------------------------------------------------------------------ polling path

type TBatch = { firstId: number; lastId: number; size: number; servedAt: number; ackedAt: number | null };

/**
 * Watches the emulator's queue of one bot (from outside lib/emulator, by wrapping the queue
 * object's methods): getUpdates takes a batch (served), a later getUpdates with a higher offset
 * confirms it (acknowledged). ack = confirm − serve.
 */
function watchQueue(emulator: RunningEmulator, emuBotId: number) {
  const record = emulator.state.bots.get(emuBotId);
  if (!record) throw new Error(`emulator bot ${emuBotId} not found`);
  const queue = record.queue;
  const take = queue.take.bind(queue);
  const confirm = queue.confirm.bind(queue);
  const batches: TBatch[] = [];
  let unacked: TBatch[] = [];
  queue.take = (limit: number) => {
    const items = take(limit);
    const first = items[0];
    const last = items.at(-1);
    if (first && last) {
      const b = { firstId: first.update_id, lastId: last.update_id, size: items.length, servedAt: performance.now(), ackedAt: null };
      batches.push(b);
      unacked.push(b);
    }
    return items;
  };
  queue.confirm = (offset: number) => {
    const now = performance.now();
    if (offset > 0) {
      unacked = unacked.filter((b) => {
        if (b.lastId >= offset) return true;
        b.ackedAt = now;
        return false;
      });
    }
    confirm(offset);
  };
  return { batches, pending: () => queue.length };
}

async function runPolling(ctx: TCtx) {
  const { args, control, emulator, sql, worker, web } = ctx;
  console.log("\n▶ polling path");
  const emu = await control.createBot({ username: "bench_polling_bot", first_name: "Bench Polling" });
  const menus = await seedChats(emulator, control, emu, ctx.users);
  const rng = prng(args.seed * 7919 + 2);
  await emitUpdates(control, planActions(rng, emu.id, ctx.users, menus, args.updates));
  const updates = await control.pendingUpdates(emu.id);
  if (updates.length !== args.updates) throw new Error(`emulator queued ${updates.length} updates, expected ${args.updates}`);
  const watch = watchQueue(emulator, emu.id);
  console.log(`  ${fmt(updates.length)} updates waiting in the emulator; registering the bot in POLLING mode (the worker picks it up within 3 s)`);

  const backlog = await pendingJobs(sql);
  const [cpuWorker0, cpuWeb0, pg0] = await Promise.all([worker.cpu(), web?.cpu() ?? null, backendCpu(sql)]);
  const cpuMain0 = process.cpuUsage();
  const registeredAt = performance.now();
  const botId = await ctx.createBotRow({ emu, mode: "POLLING", secret: randomBytes(24).toString("base64url"), label: "polling" });
  const pickupDeadline = Date.now() + 30_000;
  while (watch.batches.length === 0) {
    if (Date.now() > pickupDeadline) throw new Error("the worker did not call getUpdates within 30 s");
    await sleep(5);
  }
  const t0 = watch.batches[0]!.servedAt;
  const startedAt = Date.now() - (performance.now() - t0);
  const mon = monitor(sql, botId, args.updates, t0);
  const deadline = setTimeout(() => void mon.stop(), args.timeoutS * 1000);
  const last = await mon.finished;
  clearTimeout(deadline);
  const doneMs = performance.now() - t0;
  const [cpuWorker2, cpuWeb2, pg2] = await Promise.all([worker.cpu(), web?.cpu() ?? null, backendCpu(sql)]);
  const cpuMain = process.cpuUsage(cpuMain0);

  const ts = await timestamps(sql, botId, startedAt - 1000);
  const allProcessed = last.processed >= args.updates;
  const drained = allProcessed && last.pendingJobs === 0;
  const storedMs = last.stored >= args.updates && ts.lastReceived !== null ? ts.lastReceived - startedAt : null;
  const processedMs = allProcessed && ts.lastProcessed !== null ? ts.lastProcessed - startedAt : null;
  const jobsDoneMs = drained && ts.lastJobCompleted !== null ? ts.lastJobCompleted - startedAt : null;
  const acked = watch.batches.filter((b): b is TBatch & { ackedAt: number } => b.ackedAt !== null);
  const ackedUpdates = acked.reduce((n, b) => n + b.size, 0);
  const ackMs = ackedUpdates >= args.updates ? Math.max(...acked.map((b) => b.ackedAt)) - t0 : null;
  const exp = expectations(updates);
  const { checks, outgoing } = await verify(sql, "polling", botId, exp);
  const servedIds = watch.batches.reduce((n, b) => n + b.size, 0);
  checks.unshift(
    { path: "polling", check: "updates confirmed to the Bot API (offset)", expected: args.updates, actual: ackedUpdates, ok: ackedUpdates >= args.updates },
    { path: "polling", check: "processing finished before the timeout", expected: "yes", actual: last.processed >= args.updates && last.pendingJobs === 0 ? "yes" : "no", ok: last.processed >= args.updates && last.pendingJobs === 0 },
  );
  const emuStats = await control.stats(emu.id);
  return {
    runtime: "the worker's poller (lib/telegram/poller.ts) against the in-process emulator, getUpdates limit 100",
    mix: mixOf(exp),
    distinctUpdates: args.updates,
    jobsPendingAtStart: backlog,
    pickupMs: Math.round(t0 - registeredAt),
    getUpdatesBatches: watch.batches.length,
    updatesServed: servedIds,
    acknowledgement: {
      definition:
        "per getUpdates batch: from the emulator taking the batch for the response to the next getUpdates confirming it with a higher offset (transfer + storing every update of the batch + next request)",
      durationMs: ackMs !== null ? Math.round(ackMs) : null,
      updatesPerSecond: ackMs !== null ? perSecond(args.updates, ackMs) : null,
      batchAckMs: latency(acked.map((b) => b.ackedAt - b.servedAt)),
      meanBatchSize: round(servedIds / Math.max(1, watch.batches.length), 1),
      perUpdateMs: round(acked.reduce((s, b) => s + (b.ackedAt - b.servedAt), 0) / Math.max(1, ackedUpdates), 3),
    },
    stored: {
      definition: "from the first getUpdates response until the last update's row was inserted (receivedAt)",
      durationMs: storedMs !== null ? Math.round(storedMs) : null,
      updatesPerSecond: storedMs ? perSecond(args.updates, storedMs) : null,
    },
    processing: {
      definition: "from the first getUpdates response until the last update's processedAt (user, conversation, message and events written)",
      durationMs: processedMs !== null ? Math.round(processedMs) : null,
      updatesPerSecond: processedMs ? perSecond(args.updates, processedMs) : null,
      processedAtEnd: last.processed,
    },
    handlers: {
      definition: "from the first getUpdates response until the last telegram.process-update job completed (bot replies sent and recorded)",
      durationMs: jobsDoneMs !== null ? Math.round(jobsDoneMs) : null,
      updatesPerSecond: jobsDoneMs ? perSecond(args.updates, jobsDoneMs) : null,
      failedJobs: last.failedJobs,
      botApiCalls: emuStats.byMethod,
      outgoingMessages: outgoing,
    },
    cpuSeconds: {
      untilDone: {
        worker: cpuSeconds(cpuWorker2, cpuWorker0),
        web: cpuWeb2 && cpuWeb0 ? cpuSeconds(cpuWeb2, cpuWeb0) : null,
        emulatorAndMonitor: cpuSeconds(cpuMain),
        postgresBackends: backendCpuDelta(pg0, pg2),
        wallSeconds: round(doneMs / 1000),
      },
    },
    progress: thin(mon.samples),
    checks,
  };
}

// ------------------------------------------------------------------------------------ report

function printReport(report: TReport): void {
  const w = report.webhook;
  const p = report.polling;
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x / 1000).toFixed(2)} s`);
  const rate = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${fmt(x)} updates/s`);
  const lat = (l: TLatency) => `p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}  (mean ${l.mean})`;
  const done = (d: { durationMs: number | null; updatesPerSecond: number | null; processedAtEnd?: number }) =>
    d.durationMs !== null
      ? `${ms(d.durationMs)}  ${rate(d.updatesPerSecond)}`
      : `NOT FINISHED within --timeout${d.processedAtEnd !== undefined ? ` (${fmt(d.processedAtEnd)} of ${fmt(report.config.updates)} processed)` : ""}`;
  const backlog = (n: number) => {
    if (n > 0) line("WARNING", `${fmt(n)} jobs of an earlier phase were still pending: these figures are affected`);
  };
  console.log("\n════════ Tagflow intake benchmark ════════");
  line("machine", `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, load ${report.machine.loadAverageAtStart.join(" ")}`);
  line("node / PostgreSQL", `${report.machine.node} / ${report.postgres.version}`);
  line("PostgreSQL settings", `fsync=${report.postgres.fsync}, synchronous_commit=${report.postgres.synchronousCommit} (${report.postgres.server})`);
  line("sizes", `${fmt(report.config.updates)} updates per path, ${fmt(report.config.users)} users, ${report.config.duplicates * 100}% re-posted on the webhook`);
  const mix = (m: ReturnType<typeof mixOf>) =>
    `${fmt(m.startCommands)} /start, ${fmt(m.otherCommands)} other commands, ${fmt(m.plainMessages)} messages, ${fmt(m.buttonClicks)} clicks, ${fmt(m.blocked)} blocks, ${fmt(m.unblocked)} unblocks; ${fmt(m.users)} users`;
  if (w) {
    console.log(`\n  Webhook — ${w.server}, ${w.concurrency} in flight`);
    line("updates", mix(w.mix));
    backlog(w.jobsPendingAtStart);
    line("requests", `${fmt(w.requests)} (${fmt(w.distinctUpdates)} updates + ${fmt(w.duplicatesPosted)} duplicates)`);
    line("acknowledged (all 200s)", `${ms(w.acknowledgement.durationMs)}  ${fmt(w.acknowledgement.requestsPerSecond)} requests/s = ${rate(w.acknowledgement.updatesPerSecond)}`);
    line("ack latency, ms", lat(w.acknowledgement.latencyMs));
    line("processed when the last ack was sent", `${fmt(w.processing.processedWhenAckFinished ?? 0)} updates`);
    line("processed (users/messages/events written)", done(w.processing));
    line("bot handlers done (job queue empty)", done(w.handlers));
    const c = w.cpuSeconds.untilDone;
    line("CPU s until done", `web ${c.web}, worker ${c.worker}, postgres ${c.postgresBackends ?? "?"}, load gen+emulator ${c.loadGeneratorAndEmulator} (wall ${c.wallSeconds})`);
  }
  if (p) {
    console.log(`\n  Polling — ${p.runtime}`);
    line("updates", mix(p.mix));
    backlog(p.jobsPendingAtStart);
    line("getUpdates batches", `${fmt(p.getUpdatesBatches)} (mean ${p.acknowledgement.meanBatchSize} updates), worker pick-up ${p.pickupMs} ms`);
    line("acknowledged (offset confirmed)", done(p.acknowledgement));
    line("batch ack time, ms", lat(p.acknowledgement.batchAckMs));
    line("  per update within a batch, ms", String(p.acknowledgement.perUpdateMs));
    line("stored", done(p.stored));
    line("processed (users/messages/events written)", done(p.processing));
    line("bot handlers done (job queue empty)", done(p.handlers));
    const c = p.cpuSeconds.untilDone;
    line("CPU s until done", `worker ${c.worker}, postgres ${c.postgresBackends ?? "?"}, emulator ${c.emulatorAndMonitor} (wall ${c.wallSeconds})`);
  }
  printChecksAndProfiles(report, (c) => c.path, 84);
}

type TReport = {
  generatedAt: string;
  ok: boolean;
  outFile: string;
  machine: TMachine;
  postgres: { version: string; fsync: string; synchronousCommit: string; server: string };
  config: TArgs;
  setup: Record<string, string>;
  webhook: Awaited<ReturnType<typeof runWebhook>> | null;
  polling: Awaited<ReturnType<typeof runPolling>> | null;
  checks: TCheck[];
  profiles: ReturnType<typeof summarizeProfile>[];
};

// ------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { outFile, outDir, profileDir } = prepareOutput(args.out, args.profile);
  // Children log only warnings and errors (to bench-results/intake-*.log).
  process.env.LOG_LEVEL ||= "warn";
  const cleanup = cleanupStack();

  try {
    const { server, database } = await useBenchDatabase(cleanup);

    // Only now: modules that read DATABASE_URL.
    const { db, disconnectDb } = await import("../../lib/db/client");
    cleanup.push(() => disconnectDb());
    const { startEmulator } = await import("../../lib/emulator/server");
    const { EmulatorControl } = await import("../../lib/emulator/client");

    const { sql, postgres } = await monitorConnection(database.url, server, cleanup);

    const emulator = await startEmulator({ port: 0, limits: { enabled: false } });
    cleanup.push(() => emulator.close());
    const control = new EmulatorControl(emulator.url);

    const childEnv = { ...process.env, DATABASE_URL: database.url };
    const worker = await startChild("worker", childEnv, path.join(outDir, "intake-worker.log"), profileDir);
    cleanup.push(() => worker.stop());
    const web = args.only !== "polling" ? await startChild("web", childEnv, path.join(outDir, "intake-web.log"), profileDir) : null;
    if (web) cleanup.push(() => web.stop());

    const cpuList = os.cpus();
    const machine = machineInfo();
    console.log(`Tagflow intake benchmark: ${fmt(args.updates)} updates per path, ${fmt(args.users)} users, ${machine.cpus} CPUs, Node ${machine.node}, PostgreSQL ${postgres.version}`);
    console.log(`  database ${new URL(database.url).pathname.slice(1)} on the ${server}; emulator ${emulator.url}; children log to ${path.relative(process.cwd(), outDir)}/intake-*.log`);

    const users = await createSimUsers(control, prng(args.seed), args.users);
    const ctx: TCtx = {
      args,
      emulator,
      control,
      sql,
      worker,
      web,
      users,
      async createBotRow({ emu, mode, secret, label }) {
        const row = await db().bot.create({
          data: { telegramId: BigInt(emu.id), username: emu.username, name: `Bench ${label}`, token: emu.token, apiRoot: emulator.url, updateMode: mode, webhookSecret: secret },
          select: { id: true },
        });
        return row.id;
      },
    };

    const webhook = args.only !== "polling" ? await runWebhook(ctx) : null;
    const polling = args.only !== "webhook" ? await runPolling(ctx) : null;

    await web?.stop();
    await worker.stop();
    const roleOf = new Map([worker, ...(web ? [web] : [])].map((c) => [String(c.pid), c.role]));
    const profiles = profileDir
      ? fs
          .readdirSync(profileDir)
          .map((f) => ({ f, m: /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f) }))
          .filter(({ m }) => m?.[2] === "0" && roleOf.has(m[1] ?? ""))
          .map(({ f, m }) => summarizeProfile(path.join(profileDir, f), roleOf.get(m?.[1] ?? "") ?? "?"))
      : [];
    const checks = [...(webhook?.checks ?? []), ...(polling?.checks ?? [])];
    const report: TReport = {
      generatedAt: new Date().toISOString(),
      ok: checks.every((c) => c.ok || c.informational),
      outFile: path.relative(process.cwd(), outFile),
      machine,
      postgres,
      config: args,
      setup: {
        web: "child process: the exported POST of app/api/telegram/[botId]/route.ts on node:http (no Next router/server)",
        worker: "child process: lib/jobs/worker.ts startWorker() (job handlers + poller)",
        loadGenerator: `this process: node:http keep-alive client, ${args.concurrency} requests in flight`,
        emulator: "this process: lib/emulator startEmulator({ limits: { enabled: false } }) as every bot's Bot API server",
        database: "fresh database from createTestDatabase() (copy of the migrated template), dropped at the end",
      },
      webhook,
      polling,
      checks,
      profiles,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report);
    return report.ok ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

runBench(main);
