// `npm run bench:flows`: how many updates per second a bot's published flow answers, on a
// fresh PostgreSQL database (dropped at the end). Aim from issue #4: ≥ 500 updates/s through
// a published 10-node flow on 2 cores, with the p95 handler time.
//
//   npm run bench:flows -- [--users 1000] [--runs 3] [--warmup 50] [--e2e polling|webhook|both|none]
//                          [--e2e-users 1000] [--seed 1] [--timeout 600] [--profile] [--json]
//                          [--out bench-results/flows.json]
//
// --users: simulated users per handler run (each sends 2 updates); --runs: handler runs, a
// new bot and new users each (the summary is their median); --e2e-users: users of each
// end-to-end path; --json: the report's JSON on stdout (the human summary goes to stderr).
// About 3–4 minutes with the defaults on 2 cores.
//
// The flow (10 nodes; published through lib/flows/publish-flow.ts like the console does):
//
//   start      command /start (any payload)
//   has_plan   condition: attribute `plan` exists?      yes → tag_onb · no → set_plan
//   set_plan   set attribute plan = "trial"              → tag_onb
//   tag_onb    add tag "Onboarded"                       → split
//   split      random split A 50 % / B 50 %              → welcome_a | welcome_b
//   welcome_a  send message (HTML, {first_name}, {attr.plan})  → menu
//   welcome_b  send message (HTML, {first_name}, {attr.plan})  → menu
//   menu       send menu "Weekly tips?" [Yes, please] [Not now]  (the flow waits for a click)
//   tag_news   add tag "Newsletter"                      → thanks      (← "Yes, please")
//   thanks     send message "Thanks, {first_name}! …"                  (← tag_news, "Not now")
//
// Every simulated user sends /start (a new user: start, has_plan, set_plan, tag_onb, split,
// one welcome, menu = 7 nodes, 2 messages sent), then presses a menu button (80 % "Yes,
// please": tag_news, thanks; else thanks; 1 message sent + the callback answered). So each
// user's 2 updates pass through 9 (or 8) of the 10 nodes, with every kind of effect: an
// attribute write, tags (with their event and inbox event), sends recorded in the inbox,
// node visits for the canvas' stats. The checks verify all of it in the database and on the
// emulator after each run (the bench exits 1 when one fails; missing the aim does not).
//
// (a) Handlers. A bot per run, fresh users. Round 1: all users' /start updates are stored and
//     processed (intake, not measured; its rate is shown), then the bot's handlers run on them
//     — MEASURED — in a child process, with the worker's concurrency: its lanes (4) take the
//     batches (25 updates) and each batch's chats are answered at the same time, as
//     answerUpdates in lib/jobs/registry.ts does (see tests/bench/flows-child.ts). Round 2:
//     the same for the button clicks. Reported: updates/s, messages sent/s, handler time per
//     update (p50/p95/p99: from the start of runHandlers to its end, including waiting for a
//     database connection and the Bot API's answers), CPU by process. --warmup users go through
//     both rounds first (the first update of a bot builds its grammY Bot and compiles the flows).
// (b) End to end. The real worker (tests/bench/intake-child.ts --role worker: pg-boss jobs, the
//     poller) and, for webhooks, the real webhook route (--role web): the users' /start burst
//     waits in the emulator, then the bot is switched to POLLING (the worker's poller picks it
//     up) or its webhook is set (the emulator delivers, one update per chat at a time, 40
//     connections, as Telegram); then the clicks on the menus the bot sent. Measured from the
//     first update leaving the emulator to the last process-update job completed (every
//     update stored, processed and answered, every reply recorded).
//
// The emulator runs in this process with its flood limits off (startEmulator({ limits: {
// enabled: false } })): Telegram's 30 messages/s per bot would otherwise be the whole answer.
// (Telegram lifts it for paid broadcasts only.) The test PostgreSQL server runs with fsync=off
// and synchronous_commit=off (lib/db/test-database.ts): commits are cheaper than on a durable
// server. Everything shares the machine's cores: PostgreSQL, the child, the emulator.
//
// CPU: for each measured phase, the CPU seconds of each process and of the database's
// PostgreSQL backends, and `other`: the machine's busy CPU minus those (other programs,
// PostgreSQL's background processes). When `other` is far from 0 the machine was shared and
// the rates are low by that much. `CPU per update` (the bench's processes, emulator included)
// depends much less on it; cores ÷ CPU per update is printed as the CPU-bound ceiling.
//
// Every round reports the statements the handlers sent per update (counted in the child).
// --profile also writes V8 CPU profiles of the children to bench-results/profiles/ and prints
// where their time went; and when the server preloads pg_stat_statements (not the default:
// `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'` on a test server of
// your own, then restart it), each measured round's planning and execution time per statement.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { BotView, EmulatorControl, TBatchAction } from "../../lib/emulator/client";
import type { RunningEmulator } from "../../lib/emulator/server";
import type { TgUpdate, TgUser } from "../../lib/emulator/types";
import type { TFlowDocument } from "../../lib/flows/document";
import { createRng } from "../../lib/emulator/prng";
import type { TAnswered, TFlowsChildMessage, TPrepared } from "./flows-child";
import type { TChildMessage as TIntakeChildMessage } from "./intake-child";
import {
  backendCpu,
  backendCpuDelta,
  cleanupStack,
  latency,
  machineBusyCpu,
  machineInfo,
  summarizeProfile,
  monitorConnection,
  runBench,
  useBenchDatabase,
  waitForChild,
  type TLatency,
  type TMachine,
  prepareOutput,
  printChecksAndProfiles,
} from "./harness";

const AIM_UPDATES_PER_SECOND = 500;

// ------------------------------------------------------------------------------------ options

type TE2e = "polling" | "webhook";
type TArgs = {
  users: number;
  runs: number;
  warmup: number;
  e2e: TE2e[];
  e2eUsers: number;
  seed: number;
  timeoutS: number;
  profile: boolean;
  json: boolean;
  out: string;
};

const USAGE =
  "npm run bench:flows -- [--users 1000] [--runs 3] [--warmup 50] [--e2e polling|webhook|both|none] [--e2e-users N] [--seed 1] [--timeout 600] [--profile] [--json] [--out FILE]";

function parseArgs(argv: string[]): TArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg} (see --help)`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "profile" || name === "json" || name === "help") flags.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else values.set(name, argv[++i] ?? "");
  }
  if (flags.has("help")) {
    console.log(USAGE);
    process.exit(0);
  }
  const known = new Set(["users", "runs", "warmup", "e2e", "e2e-users", "seed", "timeout", "out"]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name} (see --help)`);
  const int = (name: string, fallback: number, min: number, max = 1_000_000): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const e2eRaw = values.get("e2e") ?? "polling";
  const e2e: TE2e[] = { polling: ["polling"], webhook: ["webhook"], both: ["polling", "webhook"], none: [] }[e2eRaw] as TE2e[] | undefined ?? [];
  if (!["polling", "webhook", "both", "none"].includes(e2eRaw)) throw new Error("--e2e must be polling, webhook, both or none");
  const users = int("users", 1000, 10, 100_000);
  return {
    users,
    runs: int("runs", 3, 0, 100),
    warmup: int("warmup", 50, 0, 10_000),
    e2e,
    e2eUsers: int("e2e-users", users, 10, 100_000),
    seed: int("seed", 1, 0),
    timeoutS: int("timeout", 600, 10, 86_400),
    profile: flags.has("profile"),
    json: flags.has("json"),
    out: values.get("out") ?? "bench-results/flows.json",
  };
}

// ------------------------------------------------------------------------------------ small tools

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const perSecond = (count: number, ms: number): number => (ms > 0 ? Math.round((count / ms) * 1000) : 0);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString("en-US");
const cpuSeconds = (c: NodeJS.CpuUsage) => round((c.user + c.system) / 1e6, 2);
/** The median, unrounded. */
const medianOf = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** The median, rounded to a whole number. */
const median = (xs: readonly number[]) => Math.round(medianOf(xs));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ------------------------------------------------------------------------------------ the flow

const FLOW_NAME = "Bench onboarding";
const TAG_ONBOARDED = "Onboarded";
const TAG_NEWSLETTER = "Newsletter";
const YES = "Yes, please";
const NO = "Not now";
/** Share of users who press "Yes, please". */
const YES_SHARE = 0.8;
/** Nodes a user visits: /start (7), then "Yes" (2) or "Not now" (1). */
const START_NODES = 7;

function benchFlow(): TFlowDocument {
  const at = (x: number, y: number) => ({ x: x * 280, y: y * 160 });
  const message = (text: string) => ({ text, photo: "", buttons: [], disablePreview: false });
  const edges: [string, string, string][] = [
    ["start", "next", "has_plan"],
    ["has_plan", "yes", "tag_onb"],
    ["has_plan", "no", "set_plan"],
    ["set_plan", "next", "tag_onb"],
    ["tag_onb", "next", "split"],
    ["split", "b-a", "welcome_a"],
    ["split", "b-b", "welcome_b"],
    ["welcome_a", "next", "menu"],
    ["welcome_b", "next", "menu"],
    ["menu", "opt-yes", "tag_news"],
    ["menu", "opt-no", "thanks"],
    ["tag_news", "next", "thanks"],
  ];
  return {
    version: 2,
    nodes: [
      { id: "start", type: "command", position: at(0, 1), data: { command: "start", payload: "any", value: "" } },
      { id: "has_plan", type: "condition", position: at(1, 1), data: { check: { kind: "attribute", key: "plan", op: "exists", value: "" } } },
      { id: "set_plan", type: "set-attribute", position: at(2, 2), data: { key: "plan", value: "trial", valueType: "text" } },
      { id: "tag_onb", type: "add-tag", position: at(3, 1), data: { tag: TAG_ONBOARDED } },
      {
        id: "split",
        type: "random-split",
        position: at(4, 1),
        data: { branches: [{ id: "a", label: "A", percent: 50 }, { id: "b", label: "B", percent: 50 }] },
      },
      { id: "welcome_a", type: "send-message", position: at(5, 0), data: message("Welcome, <b>{first_name|friend}</b>! Your <i>{attr.plan|free}</i> plan is ready.") },
      { id: "welcome_b", type: "send-message", position: at(5, 2), data: message("Hi {first_name|there} 👋 Glad you are here: the {attr.plan|free} plan is yours.") },
      {
        id: "menu",
        type: "send-menu",
        position: at(6, 1),
        data: { text: "Would you like our weekly tips, {first_name|friend}?", options: [{ id: "yes", label: YES }, { id: "no", label: NO }], columns: 2 },
      },
      { id: "tag_news", type: "add-tag", position: at(7, 0), data: { tag: TAG_NEWSLETTER } },
      { id: "thanks", type: "send-message", position: at(8, 1), data: message("Thanks, {first_name|friend}! Send /start any time to change your choice.") },
    ],
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i + 1}`, source, sourceHandle, target })),
  };
}

// ------------------------------------------------------------------------------------ child processes

type TChildHandle<M extends { type: string }> = {
  role: string;
  pid: number;
  /** The port a web child listens on. */
  port: number | null;
  logFile: string;
  send(m: unknown): void;
  waitFor<K extends M["type"]>(type: K, timeoutMs: number): Promise<Extract<M, { type: K }>>;
  stop(): Promise<{ cpu: NodeJS.CpuUsage; maxRssMb: number } | null>;
};

async function startChild<M extends { type: string }>(file: string, args: string[], role: string, env: NodeJS.ProcessEnv, logFile: string, profileDir: string | null): Promise<TChildHandle<M>> {
  const log = fs.openSync(logFile, "w");
  const execArgv = ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
  const child: ChildProcess = fork(path.resolve(file), args, { execArgv, env, stdio: ["ignore", log, log, "ipc"] });
  const waitFor = <K extends M["type"]>(type: K, timeoutMs: number) => waitForChild<M, K>(child, role, logFile, type, timeoutMs);
  const ready = (await waitFor("ready" as M["type"], 120_000)) as { port?: number };
  let stopped: Promise<{ cpu: NodeJS.CpuUsage; maxRssMb: number } | null> | null = null;
  return {
    role,
    pid: child.pid ?? 0,
    port: ready.port ?? null,
    logFile,
    send: (m) => void child.send(m as object),
    waitFor,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || !child.connected) return null;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const reply = (waitFor("stopped" as M["type"], 30_000) as Promise<unknown> as Promise<{ cpu: NodeJS.CpuUsage; maxRssMb: number }>).catch(() => null);
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

async function childCpu(child: TChildHandle<{ type: "cpu"; cpu: NodeJS.CpuUsage } | { type: string }>): Promise<NodeJS.CpuUsage> {
  const reply = child.waitFor("cpu", 10_000) as Promise<unknown> as Promise<{ cpu: NodeJS.CpuUsage }>;
  child.send({ type: "cpu" });
  return (await reply).cpu;
}

const cpuDelta = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): NodeJS.CpuUsage => ({ user: a.user - b.user, system: a.system - b.system });

/** The machine's busy CPU seconds between two readings minus what the bench's processes used. */
function otherCpu(busy0: number | null, busy1: number | null, ours: readonly (number | null)[]): number | null {
  if (busy0 === null || busy1 === null || ours.some((x) => x === null)) return null;
  return Math.max(0, round(busy1 - busy0 - ours.reduce<number>((sum, x) => sum + (x ?? 0), 0), 2));
}

// ------------------------------------------------------------------------------------ the bench context

type TCtx = {
  args: TArgs;
  emulator: RunningEmulator;
  control: EmulatorControl;
  sql: pg.Client;
  users: TgUser[];
  /** A Tagflow bot on an emulator bot, with the bench flow published. */
  createBot(label: string, mode: "POLLING" | "WEBHOOK"): Promise<{ emu: BotView; botId: string; secret: string; flowId: string }>;
};

type TCheck = { area: string; check: string; expected: number | string; actual: number | string; ok: boolean; informational?: boolean };

async function createSimUsers(control: EmulatorControl, rng: () => number, count: number): Promise<TgUser[]> {
  const FIRST = ["Anna", "Ben", "Chen", "Dilnoza", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jamal", "Kira", "Luca", "Maya", "Nikolai", "Olga", "Pedro"];
  const LANGS = ["en", "en", "en", "de", "ru", "es", "pt-br", "tr", "uk"];
  const users: TgUser[] = [];
  for (const part of chunks(Array.from({ length: count }, (_, i) => i), 5000)) {
    users.push(
      ...(await control.createUsers(
        part.map((i) => ({
          first_name: FIRST[Math.floor(rng() * FIRST.length)]!,
          ...(rng() < 0.7 ? { username: `flows_bench_${i}` } : {}),
          language_code: LANGS[Math.floor(rng() * LANGS.length)]!,
        })),
      )),
    );
  }
  return users;
}

async function emit(control: EmulatorControl, actions: TBatchAction[]): Promise<void> {
  for (const part of chunks(actions, 5000)) {
    const results = await control.batch(part);
    const missing = results.filter((r) => r.update_id === null).length;
    if (missing > 0) throw new Error(`${missing} simulated actions produced no update`);
  }
}

/** The updates waiting for this bot, taken out of the emulator's queue (as if delivered). */
function drainQueue(emulator: RunningEmulator, emuBotId: number): TgUpdate[] {
  const record = emulator.state.bots.get(emuBotId);
  if (!record) throw new Error(`emulator bot ${emuBotId} not found`);
  const updates = record.queue.all().slice();
  const last = updates.at(-1);
  if (last) record.queue.confirm(last.update_id + 1);
  return updates;
}

/** Each user's click on the menu the bot sent them: "Yes, please" for YES_SHARE of them (seeded). */
async function planClicks(control: EmulatorControl, emuBotId: number, users: readonly TgUser[], rng: () => number): Promise<{ actions: TBatchAction[]; yes: number }> {
  const sent = await control.sent(emuBotId);
  const menus = new Map<number, (typeof sent)[number]>();
  for (const m of sent) if (m.reply_markup && "inline_keyboard" in m.reply_markup) menus.set(m.chat_id, m);
  let yes = 0;
  const actions = users.map((u): TBatchAction => {
    const menu = menus.get(u.id);
    if (!menu) throw new Error(`user ${u.id} got no menu from the bot`);
    const label = rng() < YES_SHARE ? YES : NO;
    if (label === YES) yes++;
    const rows = (menu.reply_markup as { inline_keyboard: { text: string; callback_data?: string }[][] }).inline_keyboard;
    const data = rows.flat().find((b) => b.text === label)?.callback_data;
    if (!data) throw new Error(`the menu sent to user ${u.id} has no “${label}” button`);
    return { type: "click", user_id: u.id, bot_id: emuBotId, message_id: menu.message_id, data };
  });
  return { actions, yes };
}

/** Sum of the Bot API methods the bot called, from the emulator's counters. */
async function apiCalls(control: EmulatorControl, emuBotId: number): Promise<Record<string, number>> {
  return (await control.stats(emuBotId)).byMethod;
}

function callsDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

/** Clears pg_stat_statements; false when the server does not have it loaded. */
async function resetServerStatements(sql: pg.Client): Promise<boolean> {
  try {
    await sql.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await sql.query("SELECT pg_stat_statements_reset()");
    return true;
  } catch {
    return false;
  }
}

async function readServerStatements(sql: pg.Client, updates: number): Promise<TServerStatement[]> {
  const { rows } = await sql.query<{ query: string; calls: string; plan: number; exec: number }>(
    `SELECT query, calls, total_plan_time AS plan, total_exec_time AS exec FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat%' AND query NOT ILIKE '%pg_database%'
     ORDER BY total_plan_time + total_exec_time DESC LIMIT 15`,
  );
  return rows.map((r) => {
    const calls = Number(r.calls);
    return {
      sql: r.query.replace(/\s+/g, " ").replace(/"/g, "").slice(0, 140),
      perUpdate: round(calls / updates, 2),
      planMs: round(r.plan / Math.max(1, calls), 3),
      execMs: round(r.exec / Math.max(1, calls), 3),
      totalMsPerUpdate: round((r.plan + r.exec) / updates, 3),
    };
  });
}

// ------------------------------------------------------------------------------------ (a) handlers

type TRound = {
  round: "start" | "click";
  updates: number;
  intake: { updatesPerSecond: number; ms: number };
  /** The worker's concurrency the handlers ran with (the process-update job's definition). */
  worker: { lanes: number; batchSize: number };
  wallMs: number;
  updatesPerSecond: number;
  messagesSent: number;
  messagesPerSecond: number;
  apiCalls: Record<string, number>;
  handlerMs: TLatency;
  failedHandlers: number;
  /** `other`: CPU the machine spent on anything else meanwhile (other programs, PostgreSQL's own background processes). */
  cpuSeconds: { handlers: number; emulator: number; postgres: number | null; other: number | null };
  /** CPU the bench's processes spent per update (handlers + PostgreSQL backends + emulator), in ms. */
  cpuMsPerUpdate: number | null;
  /** Statements the handlers sent to PostgreSQL, per update (BEGIN … COMMIT included). */
  statementsPerUpdate: number;
  transactionsPerUpdate: number;
  /** The most frequent statement shapes: per update, and their mean time in ms (queueing for a connection included). */
  statements: { sql: string; perUpdate: number; meanMs: number }[];
  /** --profile with pg_stat_statements: the server's time per statement (ms), most expensive first. */
  serverStatements: TServerStatement[] | null;
};

type TServerStatement = { sql: string; perUpdate: number; planMs: number; execMs: number; totalMsPerUpdate: number };

type TRun = {
  run: number;
  botId: string;
  users: number;
  yes: number;
  rounds: TRound[];
  updatesPerSecond: number;
  messagesPerSecond: number;
  handlerMs: TLatency;
  cpuMsPerUpdate: number | null;
  /** cores × 1000 / cpuMsPerUpdate: what the CPU would allow if the bench had the machine to itself. */
  cpuBoundCeilingUpdatesPerSecond: number | null;
};

async function handlerRound(
  ctx: TCtx,
  child: TChildHandle<TFlowsChildMessage>,
  bot: { emu: BotView; botId: string },
  kind: "start" | "click",
  actions: TBatchAction[],
  keep: number[] | null,
): Promise<TRound> {
  await emit(ctx.control, actions);
  const updates = drainQueue(ctx.emulator, bot.emu.id);
  if (updates.length !== actions.length) throw new Error(`emulator queued ${updates.length} updates, expected ${actions.length}`);
  const preparedP = child.waitFor("prepared", ctx.args.timeoutS * 1000);
  child.send({ type: "prepare", botId: bot.botId, updates });
  const prepared: TPrepared = await preparedP;
  if (prepared.processed !== updates.length || prepared.failed > 0) throw new Error(`intake processed ${prepared.processed} of ${updates.length} updates (${prepared.failed} failed)`);

  const pgss = ctx.args.profile && (await resetServerStatements(ctx.sql));
  const [calls0, pg0] = await Promise.all([apiCalls(ctx.control, bot.emu.id), backendCpu(ctx.sql)]);
  const main0 = process.cpuUsage();
  const busy0 = machineBusyCpu();
  const answeredP = child.waitFor("answered", ctx.args.timeoutS * 1000);
  child.send({ type: "answer" });
  const answered: TAnswered = await answeredP;
  const mainCpu = process.cpuUsage(main0);
  const busy1 = machineBusyCpu();
  const [calls1, pg1] = await Promise.all([apiCalls(ctx.control, bot.emu.id), backendCpu(ctx.sql)]);
  const postgresCpu = backendCpuDelta(pg0, pg1);
  const serverStatements = pgss ? await readServerStatements(ctx.sql, updates.length) : null;
  keep?.push(...answered.handlerMs);

  const calls = callsDelta(calls1, calls0);
  const messagesSent = (calls.sendMessage ?? 0) + (calls.sendPhoto ?? 0);
  const n = updates.length;
  const statementCount = answered.statements.reduce((sum, st) => sum + st.count, 0);
  const begins = answered.statements.filter((st) => st.sql === "BEGIN").reduce((sum, st) => sum + st.count, 0);
  return {
    round: kind,
    updates: updates.length,
    intake: { updatesPerSecond: perSecond(prepared.processed, prepared.ms), ms: Math.round(prepared.ms) },
    worker: { lanes: prepared.lanes, batchSize: prepared.batchSize },
    wallMs: Math.round(answered.wallMs),
    updatesPerSecond: perSecond(updates.length, answered.wallMs),
    messagesSent,
    messagesPerSecond: perSecond(messagesSent, answered.wallMs),
    apiCalls: calls,
    handlerMs: latency(answered.handlerMs),
    failedHandlers: answered.failedHandlers,
    cpuSeconds: {
      handlers: cpuSeconds(answered.cpu),
      emulator: cpuSeconds(mainCpu),
      postgres: postgresCpu,
      other: otherCpu(busy0, busy1, [cpuSeconds(answered.cpu), cpuSeconds(mainCpu), postgresCpu]),
    },
    cpuMsPerUpdate: postgresCpu === null ? null : round(((cpuSeconds(answered.cpu) + cpuSeconds(mainCpu) + postgresCpu) * 1000) / n, 2),
    statementsPerUpdate: round(statementCount / n, 2),
    transactionsPerUpdate: round(begins / n, 2),
    statements: answered.statements.slice(0, 30).map((st) => ({ sql: st.sql, perUpdate: round(st.count / n, 2), meanMs: st.meanMs })),
    serverStatements,
  };
}

async function runHandlersBench(ctx: TCtx, child: TChildHandle<TFlowsChildMessage>): Promise<{ runs: TRun[]; checks: TCheck[]; handlerMs: number[] }> {
  const { args } = ctx;
  const runs: TRun[] = [];
  const allTimes: number[] = [];
  const checks: TCheck[] = [];
  for (let r = 1; r <= args.runs; r++) {
    const bot = await ctx.createBot(`h${r}`, "WEBHOOK");
    const rng = createRng(args.seed * 7919 + r);
    const warm = ctx.users.slice(0, args.warmup);
    const measured = ctx.users.slice(args.warmup, args.warmup + args.users);
    console.log(`\n▶ handlers, run ${r}/${args.runs}: ${fmt(measured.length)} users (+${warm.length} warm-up), bot ${bot.emu.username}`);
    let yesAll = 0;
    if (warm.length > 0) {
      await handlerRound(ctx, child, bot, "start", warm.map((u) => ({ type: "start", user_id: u.id, bot_id: bot.emu.id })), null);
      const clicks = await planClicks(ctx.control, bot.emu.id, warm, rng);
      yesAll += clicks.yes;
      await handlerRound(ctx, child, bot, "click", clicks.actions, null);
    }
    const times: number[] = [];
    const start = await handlerRound(ctx, child, bot, "start", measured.map((u) => ({ type: "start", user_id: u.id, bot_id: bot.emu.id })), times);
    console.log(`  /start  ${fmt(start.updatesPerSecond)} updates/s, ${fmt(start.messagesPerSecond)} messages/s, handler p50 ${start.handlerMs.p50} ms p95 ${start.handlerMs.p95} ms (intake before: ${fmt(start.intake.updatesPerSecond)} updates/s)`);
    const clicks = await planClicks(ctx.control, bot.emu.id, measured, rng);
    yesAll += clicks.yes;
    const click = await handlerRound(ctx, child, bot, "click", clicks.actions, times);
    console.log(`  clicks  ${fmt(click.updatesPerSecond)} updates/s, ${fmt(click.messagesPerSecond)} messages/s, handler p50 ${click.handlerMs.p50} ms p95 ${click.handlerMs.p95} ms (intake before: ${fmt(click.intake.updatesPerSecond)} updates/s)`);
    const wall = start.wallMs + click.wallMs;
    const updates = start.updates + click.updates;
    runs.push({
      run: r,
      botId: bot.botId,
      users: measured.length,
      yes: clicks.yes,
      rounds: [start, click],
      updatesPerSecond: perSecond(updates, wall),
      messagesPerSecond: perSecond(start.messagesSent + click.messagesSent, wall),
      handlerMs: latency(times),
      ...cpuCeiling([start, click]),
    });
    allTimes.push(...times);
    checks.push(...(await verifyBot(ctx, `handlers run ${r}`, bot, warm.length + measured.length, yesAll)));
    checks.push({ area: `handlers run ${r}`, check: "handlers that threw", expected: 0, actual: start.failedHandlers + click.failedHandlers, ok: start.failedHandlers + click.failedHandlers === 0 });
  }
  return { runs, checks, handlerMs: allTimes };
}

function cpuCeiling(rounds: readonly TRound[]): { cpuMsPerUpdate: number | null; cpuBoundCeilingUpdatesPerSecond: number | null } {
  if (rounds.some((r) => r.cpuMsPerUpdate === null)) return { cpuMsPerUpdate: null, cpuBoundCeilingUpdatesPerSecond: null };
  const updates = rounds.reduce((sum, r) => sum + r.updates, 0);
  const ms = rounds.reduce((sum, r) => sum + r.cpuMsPerUpdate! * r.updates, 0) / Math.max(1, updates);
  return { cpuMsPerUpdate: round(ms, 2), cpuBoundCeilingUpdatesPerSecond: Math.round((machineInfo().cpus * 1000) / ms) };
}

/** What the database and the emulator must show once `users` users went through the flow. */
async function verifyBot(ctx: TCtx, area: string, bot: { emu: BotView; botId: string; flowId: string }, users: number, yes: number): Promise<TCheck[]> {
  const checks: TCheck[] = [];
  const add = (check: string, expected: number, actual: number, informational = false) =>
    checks.push({ area, check, expected, actual, ok: expected === actual, ...(informational ? { informational } : {}) });
  const one = async (text: string, params: unknown[]) => Number((await ctx.sql.query<{ n: string }>(text, params)).rows[0]?.n ?? 0);
  add("users with plan = trial (set_plan)", users, await one(`SELECT count(*) AS n FROM "TelegramUser" WHERE "botId" = $1 AND "attributes"->>'plan' = 'trial'`, [bot.botId]));
  const tagged = (tag: string) =>
    one(
      `SELECT count(*) AS n FROM "UserTag" ut JOIN "Tag" t ON t."id" = ut."tagId" JOIN "TelegramUser" u ON u."id" = ut."telegramUserId"
       WHERE u."botId" = $1 AND t."name" = $2 AND ut."appliedVia" = 'FLOW' AND ut."appliedByRef" = $3`,
      [bot.botId, tag, FLOW_NAME],
    );
  add(`users tagged ${TAG_ONBOARDED} by the flow`, users, await tagged(TAG_ONBOARDED));
  add(`users tagged ${TAG_NEWSLETTER} by the flow (pressed “${YES}”)`, yes, await tagged(TAG_NEWSLETTER));
  add("tag_added events", users + yes, await one(`SELECT count(*) AS n FROM "Event" WHERE "botId" = $1 AND "name" = 'tag_added'`, [bot.botId]));
  const out = async (state: string) =>
    one(`SELECT count(*) AS n FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE c."botId" = $1 AND m."direction" = 'OUT' AND m."deliveryState" = $2`, [bot.botId, state]);
  add("outgoing messages recorded as SENT (3 per user)", users * 3, await out("SENT"));
  add("outgoing messages recorded as FAILED", 0, await out("FAILED"));
  const calls = await apiCalls(ctx.control, bot.emu.id);
  add("sendMessage calls the emulator answered", users * 3, calls.sendMessage ?? 0);
  add("answerCallbackQuery calls", users, calls.answerCallbackQuery ?? 0);
  const visits = await one(`SELECT count(*) AS n FROM "FlowNodeVisit" WHERE "flowId" = $1`, [bot.flowId]);
  add("node visits recorded (7 per user on /start, 2 or 1 on the click)", users * START_NODES + yes * 2 + (users - yes), visits);
  const a = await one(`SELECT count(*) AS n FROM "FlowNodeVisit" WHERE "flowId" = $1 AND "nodeId" = 'welcome_a'`, [bot.flowId]);
  checks.push({ area, check: "random split: users sent down A / B", expected: "about 50 / 50", actual: `${a} / ${users - a}`, ok: true, informational: true });
  return checks;
}

// ------------------------------------------------------------------------------------ (b) end to end

type TE2eRound = {
  round: "start" | "click";
  updates: number;
  durationMs: number | null;
  updatesPerSecond: number | null;
  processedMs: number | null;
  messagesSent: number;
  messagesPerSecond: number | null;
};

type TE2eResult = {
  path: TE2e;
  users: number;
  rounds: TE2eRound[];
  updatesPerSecond: number | null;
  messagesPerSecond: number | null;
  cpuSeconds: { worker: number; web: number | null; emulatorAndMonitor: number; postgres: number | null; other: number | null; wallSeconds: number };
  /** CPU the bench's processes spent per update (worker, web, PostgreSQL backends, emulator), in ms. */
  cpuMsPerUpdate: number | null;
};

async function pendingJobs(sql: pg.Client): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'telegram.process-update' AND state < 'completed'`);
  return rows[0]?.n ?? 0;
}

/** Waits until `expected` updates of the bot are processed, the job queue is empty and `outgoing` replies are recorded. */
async function waitDone(sql: pg.Client, botId: string, expected: number, outgoing: number, timeoutMs: number, t0: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let lastPrint = performance.now();
  for (;;) {
    // One client: one query at a time.
    const u = await sql.query<{ stored: number; processed: number }>(`SELECT count(*)::int AS stored, count("processedAt")::int AS processed FROM "TelegramUpdate" WHERE "botId" = $1`, [botId]);
    const o = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE c."botId" = $1 AND m."direction" = 'OUT'`, [botId]);
    const pending = await pendingJobs(sql);
    const p = u.rows[0] ?? { stored: 0, processed: 0 };
    const sent = o.rows[0]?.n ?? 0;
    if (p.processed >= expected && pending === 0 && sent >= outgoing) return true;
    if (performance.now() > deadline) return false;
    if (performance.now() - lastPrint >= 5000) {
      lastPrint = performance.now();
      console.log(`    t=${((performance.now() - t0) / 1000).toFixed(1)}s stored ${fmt(p.stored)} processed ${fmt(p.processed)} replies ${fmt(sent)} jobs pending ${fmt(pending)}`);
    }
    await sleep(100);
  }
}

/** ms since epoch of the last process-update job completed and the last update processed (since `sinceMs`). */
async function lastInstants(sql: pg.Client, botId: string, sinceMs: number): Promise<{ lastJob: number | null; lastProcessed: number | null }> {
  const j = await sql.query<{ t: number | null }>(
    `SELECT extract(epoch FROM max(completed_on)) * 1000 AS t FROM pgboss.job WHERE name = 'telegram.process-update' AND created_on >= to_timestamp($1::float8 / 1000)`,
    [sinceMs],
  );
  const u = await sql.query<{ t: number | null }>(`SELECT extract(epoch FROM max("processedAt") AT TIME ZONE 'UTC') * 1000 AS t FROM "TelegramUpdate" WHERE "botId" = $1`, [botId]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { lastJob: num(j.rows[0]?.t), lastProcessed: num(u.rows[0]?.t) };
}

/** The instant (performance.now) the emulator first handed out an update of this bot: getUpdates or a webhook POST. */
function watchFirstDelivery(emulator: RunningEmulator, emuBotId: number): { first: () => number | null; reset: () => void } {
  const queue = emulator.state.bots.get(emuBotId)?.queue;
  if (!queue) throw new Error(`emulator bot ${emuBotId} not found`);
  let first: number | null = null;
  const take = queue.take.bind(queue);
  queue.take = (limit: number) => {
    const items = take(limit);
    if (items.length > 0 && first === null) first = performance.now();
    return items;
  };
  const all = queue.all.bind(queue);
  queue.all = () => {
    const items = all();
    if (items.length > 0 && first === null) first = performance.now();
    return items;
  };
  return { first: () => first, reset: () => void (first = null) };
}

async function runEndToEnd(
  ctx: TCtx,
  pathName: TE2e,
  worker: TChildHandle<TIntakeChildMessage>,
  web: TChildHandle<TIntakeChildMessage> | null,
): Promise<{ result: TE2eResult; checks: TCheck[] }> {
  const { args, control, emulator, sql } = ctx;
  const users = ctx.users.slice(0, args.e2eUsers);
  console.log(`\n▶ end to end (${pathName}): ${fmt(users.length)} users, the worker answers`);
  const bot = await ctx.createBot(`e2e_${pathName}`, "WEBHOOK");
  const watch = watchFirstDelivery(emulator, bot.emu.id);
  const rng = createRng(args.seed * 7919 + 101);

  const [w0, web0, pg0] = await Promise.all([childCpu(worker), web ? childCpu(web) : null, backendCpu(sql)]);
  const main0 = process.cpuUsage();
  const busy0 = machineBusyCpu();
  const tStart = performance.now();
  const rounds: TE2eRound[] = [];
  const measureRound = async (name: "start" | "click", actions: TBatchAction[], expectedTotal: number, outgoingTotal: number, open: () => Promise<void>) => {
    // A running poller or webhook takes updates as soon as they are emitted.
    const calls0 = await apiCalls(control, bot.emu.id);
    watch.reset();
    await emit(control, actions);
    const since = Date.now() - 1000;
    const opened = performance.now();
    await open();
    while (watch.first() === null) {
      if (performance.now() - opened > 30_000) throw new Error(`${pathName}: no update left the emulator within 30 s`);
      await sleep(2);
    }
    const t0 = watch.first()!;
    const epoch0 = Date.now() - (performance.now() - t0);
    const finished = await waitDone(sql, bot.botId, expectedTotal, outgoingTotal, args.timeoutS * 1000, t0);
    const instants = await lastInstants(sql, bot.botId, since);
    const calls = callsDelta(await apiCalls(control, bot.emu.id), calls0);
    const messagesSent = calls.sendMessage ?? 0;
    const doneMs = finished && instants.lastJob !== null ? Math.max(instants.lastJob - epoch0, 1) : null;
    const r: TE2eRound = {
      round: name,
      updates: actions.length,
      durationMs: doneMs !== null ? Math.round(doneMs) : null,
      updatesPerSecond: doneMs !== null ? perSecond(actions.length, doneMs) : null,
      processedMs: finished && instants.lastProcessed !== null ? Math.round(instants.lastProcessed - epoch0) : null,
      messagesSent,
      messagesPerSecond: doneMs !== null ? perSecond(messagesSent, doneMs) : null,
    };
    rounds.push(r);
    console.log(
      r.durationMs !== null
        ? `  ${name === "start" ? "/start" : "clicks"}  ${fmt(r.updatesPerSecond ?? 0)} updates/s (${(r.durationMs / 1000).toFixed(2)} s), ${fmt(r.messagesPerSecond ?? 0)} messages/s`
        : `  ${name}: NOT FINISHED within --timeout`,
    );
    return r;
  };

  const n = users.length;
  const startActions = users.map((u): TBatchAction => ({ type: "start", user_id: u.id, bot_id: bot.emu.id }));
  await measureRound("start", startActions, n, 2 * n, async () => {
    if (pathName === "polling") {
      await ctx.sql.query(`UPDATE "Bot" SET "updateMode" = 'POLLING' WHERE "id" = $1`, [bot.botId]);
    } else {
      const url = `http://127.0.0.1:${webPort(web)}/api/telegram/${encodeURIComponent(bot.botId)}`;
      const res = await fetch(`${emulator.url}/bot${bot.emu.token}/setWebhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url, secret_token: bot.secret, max_connections: 40 }),
      });
      const body = (await res.json()) as { ok: boolean; description?: string };
      if (!body.ok) throw new Error(`setWebhook failed: ${body.description}`);
    }
  });
  const clicks = await planClicks(control, bot.emu.id, users, rng);
  await measureRound("click", clicks.actions, 2 * n, 3 * n, async () => {});
  const wallMs = performance.now() - tStart;
  const [w1, web1, pg1] = await Promise.all([childCpu(worker), web ? childCpu(web) : null, backendCpu(sql)]);
  const mainCpu = process.cpuUsage(main0);
  const busy1 = machineBusyCpu();
  const ours = [cpuSeconds(cpuDelta(w1, w0)), web && web0 && web1 ? cpuSeconds(cpuDelta(web1, web0)) : 0, cpuSeconds(mainCpu), backendCpuDelta(pg0, pg1)];
  if (pathName === "polling") await ctx.sql.query(`UPDATE "Bot" SET "updateMode" = 'WEBHOOK' WHERE "id" = $1`, [bot.botId]);
  else await fetch(`${emulator.url}/bot${bot.emu.token}/deleteWebhook`, { method: "POST" });

  const total = rounds.every((r) => r.durationMs !== null) ? rounds.reduce((s, r) => s + r.durationMs!, 0) : null;
  const sent = rounds.reduce((s, r) => s + r.messagesSent, 0);
  const checks = await verifyBot(ctx, `end to end (${pathName})`, bot, n, clicks.yes);
  checks.unshift({ area: `end to end (${pathName})`, check: "finished before --timeout", expected: "yes", actual: total !== null ? "yes" : "no", ok: total !== null });
  return {
    result: {
      path: pathName,
      users: n,
      rounds,
      updatesPerSecond: total !== null ? perSecond(2 * n, total) : null,
      messagesPerSecond: total !== null ? perSecond(sent, total) : null,
      cpuSeconds: {
        worker: cpuSeconds(cpuDelta(w1, w0)),
        web: web && web0 && web1 ? cpuSeconds(cpuDelta(web1, web0)) : null,
        emulatorAndMonitor: cpuSeconds(mainCpu),
        postgres: backendCpuDelta(pg0, pg1),
        other: otherCpu(busy0, busy1, ours),
        wallSeconds: round(wallMs / 1000, 2),
      },
      cpuMsPerUpdate: ours.some((x) => x === null) ? null : round((ours.reduce<number>((sum, x) => sum + (x ?? 0), 0) * 1000) / (2 * n), 2),
    },
    checks,
  };
}

function webPort(web: TChildHandle<TIntakeChildMessage> | null): number {
  if (!web?.port) throw new Error("the web child is not running");
  return web.port;
}

// ------------------------------------------------------------------------------------ report

type TReport = {
  generatedAt: string;
  ok: boolean;
  outFile: string;
  machine: TMachine;
  postgres: { version: string; fsync: string; synchronousCommit: string; server: string };
  config: TArgs;
  flow: { name: string; nodes: number; description: string[] };
  handlers: {
    definition: string;
    runs: TRun[];
    summary: {
      updatesPerSecondMedian: number;
      messagesPerSecondMedian: number;
      handlerMs: TLatency;
      aimUpdatesPerSecond: number;
      aimMet: boolean;
      cpuMsPerUpdateMedian: number | null;
      cpuBoundCeilingUpdatesPerSecondMedian: number | null;
    };
  } | null;
  endToEnd: TE2eResult[];
  checks: TCheck[];
  profiles: ReturnType<typeof summarizeProfile>[];
};

function printReport(report: TReport): void {
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);
  const lat = (l: TLatency) => `p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}  (mean ${l.mean})`;
  console.log("\n════════ Tagflow flows benchmark ════════");
  line("machine", `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, load ${report.machine.loadAverageAtStart.join(" ")} → ${report.machine.loadAverageAtEnd?.join(" ") ?? "?"}`);
  line("node / PostgreSQL", `${report.machine.node} / ${report.postgres.version} (fsync=${report.postgres.fsync}, synchronous_commit=${report.postgres.synchronousCommit}; ${report.postgres.server})`);
  line("flow", `“${report.flow.name}”, ${report.flow.nodes} nodes: /start → 7 nodes, 2 messages; click → 2 (or 1) nodes, 1 message`);
  const h = report.handlers;
  if (h) {
    console.log(`\n  (a) Handlers — ${h.definition}`);
    for (const run of h.runs) {
      const [s, c] = run.rounds;
      line(`run ${run.run}: ${fmt(run.users)} users`, `${fmt(run.updatesPerSecond)} updates/s, ${fmt(run.messagesPerSecond)} messages/s; handler ms ${lat(run.handlerMs)}`);
      for (const r of [s, c]) {
        if (!r) continue;
        line(
          `  ${r.round === "start" ? "/start" : "clicks"} (${fmt(r.updates)})`,
          `${fmt(r.updatesPerSecond)} updates/s, p95 ${r.handlerMs.p95} ms, ${r.cpuMsPerUpdate ?? "?"} ms CPU/update; CPU s handlers ${r.cpuSeconds.handlers}, postgres ${r.cpuSeconds.postgres ?? "?"}, emulator ${r.cpuSeconds.emulator}, other ${r.cpuSeconds.other ?? "?"} (wall ${round(r.wallMs / 1000, 2)}); ${r.statementsPerUpdate} statements (${r.transactionsPerUpdate} transactions)/update`,
        );
      }
    }
    line("MEDIAN updates/s (both rounds)", `${fmt(h.summary.updatesPerSecondMedian)} updates/s, ${fmt(h.summary.messagesPerSecondMedian)} messages/s  (aim ≥ ${h.summary.aimUpdatesPerSecond}: ${h.summary.aimMet ? "met" : "NOT met"})`);
    line("handler time per update, ms (all runs)", lat(h.summary.handlerMs));
    if (h.summary.cpuMsPerUpdateMedian !== null) {
      line(
        "CPU per update (bench processes)",
        `${h.summary.cpuMsPerUpdateMedian} ms (handlers + PostgreSQL + emulator) → CPU-bound ceiling ≈ ${fmt(h.summary.cpuBoundCeilingUpdatesPerSecondMedian ?? 0)} updates/s on ${report.machine.cpus} cores with nothing else running`,
      );
    }
    const last = h.runs.at(-1);
    if (last) {
      for (const r of last.rounds) {
        console.log(
          `  per ${r.round === "start" ? "/start" : "click"} update (run ${last.run}): Bot API ${Object.entries(r.apiCalls).map(([m, n]) => `${m} ${round(n / r.updates, 2)}`).join(", ")}; ${r.statementsPerUpdate} statements:`,
        );
        for (const st of r.statements.slice(0, 16)) console.log(`    ${String(st.perUpdate).padStart(5)} × ${String(st.meanMs).padStart(7)} ms  ${st.sql.slice(0, 110)}`);
        if (r.serverStatements) {
          console.log(`  server time per ${r.round === "start" ? "/start" : "click"} update (pg_stat_statements): ${round(r.serverStatements.reduce((sum, st) => sum + st.totalMsPerUpdate, 0), 2)} ms`);
          for (const st of r.serverStatements.slice(0, 10))
            console.log(`    ${String(st.totalMsPerUpdate).padStart(6)} ms = ${st.perUpdate} × (plan ${st.planMs} + exec ${st.execMs})  ${st.sql.slice(0, 100)}`);
        }
      }
    }
  }
  for (const e of report.endToEnd) {
    console.log(`\n  (b) End to end — ${e.path === "polling" ? "the worker's poller (getUpdates)" : "the webhook route (emulator delivers, 40 connections)"} → store → process → handlers, ${fmt(e.users)} users`);
    for (const r of e.rounds) {
      line(
        `${r.round === "start" ? "/start" : "clicks"} (${fmt(r.updates)})`,
        r.durationMs !== null ? `${(r.durationMs / 1000).toFixed(2)} s  ${fmt(r.updatesPerSecond ?? 0)} updates/s, ${fmt(r.messagesPerSecond ?? 0)} messages/s (processed after ${((r.processedMs ?? 0) / 1000).toFixed(2)} s)` : "NOT FINISHED",
      );
    }
    line("both rounds", e.updatesPerSecond !== null ? `${fmt(e.updatesPerSecond)} updates/s, ${fmt(e.messagesPerSecond ?? 0)} messages/s` : "NOT FINISHED");
    const c = e.cpuSeconds;
    line("CPU s", `worker ${c.worker}${c.web !== null ? `, web ${c.web}` : ""}, postgres ${c.postgres ?? "?"}, emulator+monitor ${c.emulatorAndMonitor}, other ${c.other ?? "?"} (wall ${c.wallSeconds}); ${e.cpuMsPerUpdate ?? "?"} ms CPU/update`);
  }
  printChecksAndProfiles(report, (c) => c.area, 90);
}

// ------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { outFile, outDir, profileDir } = prepareOutput(args.out, args.profile);
  process.env.LOG_LEVEL ||= "warn";
  // With --json, stdout carries the report's JSON only; progress and the summary go to stderr.
  const stdout = console.log;
  if (args.json) console.log = console.error;
  const cleanup = cleanupStack();

  try {
    const { server, database } = await useBenchDatabase(cleanup);

    const { db, disconnectDb } = await import("../../lib/db/client");
    cleanup.push(() => disconnectDb());
    const { startEmulator } = await import("../../lib/emulator/server");
    const { EmulatorControl } = await import("../../lib/emulator/client");
    const { createFlow } = await import("../../lib/flows/create-flow");
    const { saveDraft } = await import("../../lib/flows/save-draft");
    const { publishFlow } = await import("../../lib/flows/publish-flow");

    const { sql, postgres } = await monitorConnection(database.url, server, cleanup);

    const emulator = await startEmulator({ port: 0, limits: { enabled: false } });
    cleanup.push(() => emulator.close());
    const control = new EmulatorControl(emulator.url);
    const machine = machineInfo();
    console.log(`Tagflow flows benchmark: ${fmt(args.users)} users × ${args.runs} runs (handlers), end to end: ${args.e2e.join(", ") || "none"}; ${machine.cpus} CPUs, Node ${machine.node}, PostgreSQL ${postgres.version}`);
    console.log(`  database ${new URL(database.url).pathname.slice(1)} on the ${server}; emulator ${emulator.url}; children log to ${path.relative(process.cwd(), outDir)}/flows-*.log`);

    const document = benchFlow();
    const ctx: TCtx = {
      args,
      emulator,
      control,
      sql,
      users: await createSimUsers(control, createRng(args.seed), Math.max(args.warmup + args.users, args.e2eUsers)),
      async createBot(label, mode) {
        const emu = await control.createBot({ username: `bench_flows_${label}_bot`, first_name: `Bench flows ${label}` });
        const secret = randomBytes(24).toString("base64url");
        const row = await db().bot.create({
          data: { telegramId: BigInt(emu.id), username: emu.username, name: `Bench flows ${label}`, token: emu.token, apiRoot: emulator.url, updateMode: mode, webhookSecret: secret },
          select: { id: true },
        });
        const flow = await createFlow({ botId: row.id, name: FLOW_NAME, template: "blank" }, null);
        if (!flow) throw new Error("createFlow returned nothing");
        await saveDraft(flow.id, { draft: document, baseRevision: flow.draftRevision });
        await publishFlow(flow.id, null);
        return { emu, botId: row.id, secret, flowId: flow.id };
      },
    };

    const childEnv = { ...process.env, DATABASE_URL: database.url };
    const checks: TCheck[] = [];
    const roleOf = new Map<string, string>();

    let handlers: TReport["handlers"] = null;
    if (args.runs > 0) {
      const child = await startChild<TFlowsChildMessage>("tests/bench/flows-child.ts", [], "handlers", childEnv, path.join(outDir, "flows-handlers.log"), profileDir);
      cleanup.push(() => child.stop());
      roleOf.set(String(child.pid), "handlers");
      const result = await runHandlersBench(ctx, child);
      await child.stop();
      checks.push(...result.checks);
      const ups = median(result.runs.map((r) => r.updatesPerSecond));
      const worker = result.runs[0]?.rounds[0]?.worker ?? { lanes: 0, batchSize: 0 };
      handlers = {
        definition: `runHandlers on stored, processed updates in a child process; ${worker.lanes} lanes × batches of ${worker.batchSize}, the chats of a batch at once (the worker's answerUpdates)`,
        runs: result.runs,
        summary: {
          updatesPerSecondMedian: ups,
          messagesPerSecondMedian: median(result.runs.map((r) => r.messagesPerSecond)),
          handlerMs: latency(result.handlerMs),
          aimUpdatesPerSecond: AIM_UPDATES_PER_SECOND,
          aimMet: ups >= AIM_UPDATES_PER_SECOND,
          cpuMsPerUpdateMedian: result.runs.some((r) => r.cpuMsPerUpdate === null) ? null : medianOf(result.runs.map((r) => r.cpuMsPerUpdate!)),
          cpuBoundCeilingUpdatesPerSecondMedian: result.runs.some((r) => r.cpuBoundCeilingUpdatesPerSecond === null)
            ? null
            : median(result.runs.map((r) => r.cpuBoundCeilingUpdatesPerSecond!)),
        },
      };
    }

    const endToEnd: TE2eResult[] = [];
    if (args.e2e.length > 0) {
      const worker = await startChild<TIntakeChildMessage>("tests/bench/intake-child.ts", ["--role", "worker"], "worker", childEnv, path.join(outDir, "flows-worker.log"), profileDir);
      cleanup.push(() => worker.stop());
      roleOf.set(String(worker.pid), "worker");
      let web: TChildHandle<TIntakeChildMessage> | null = null;
      if (args.e2e.includes("webhook")) {
        web = await startChild<TIntakeChildMessage>("tests/bench/intake-child.ts", ["--role", "web"], "web", childEnv, path.join(outDir, "flows-web.log"), profileDir);
        cleanup.push(() => web!.stop());
        roleOf.set(String(web.pid), "web");
      }
      for (const p of args.e2e) {
        const { result, checks: c } = await runEndToEnd(ctx, p, worker, p === "webhook" ? web : null);
        endToEnd.push(result);
        checks.push(...c);
      }
      await web?.stop();
      await worker.stop();
    }

    const profiles = profileDir
      ? fs
          .readdirSync(profileDir)
          .map((f) => ({ f, m: /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f) }))
          .filter(({ m }) => m?.[2] === "0" && roleOf.has(m[1] ?? ""))
          .map(({ f, m }) => summarizeProfile(path.join(profileDir, f), roleOf.get(m?.[1] ?? "") ?? "?"))
      : [];
    machine.loadAverageAtEnd = machineInfo().loadAverageAtStart;
    const report: TReport = {
      generatedAt: new Date().toISOString(),
      ok: checks.every((c) => c.ok || c.informational),
      outFile: path.relative(process.cwd(), outFile),
      machine,
      postgres,
      config: args,
      flow: { name: FLOW_NAME, nodes: document.nodes.length, description: flowDescription(document) },
      handlers,
      endToEnd,
      checks,
      profiles,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report);
    if (args.json) stdout(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

function flowDescription(doc: TFlowDocument): string[] {
  return doc.nodes.map((n) => {
    const out = doc.edges.filter((e) => e.source === n.id).map((e) => `${e.sourceHandle} → ${e.target}`);
    return `${n.id} (${n.type})${out.length ? `: ${out.join(", ")}` : ""}`;
  });
}

runBench(main);
