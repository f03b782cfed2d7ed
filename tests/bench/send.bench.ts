// `npm run bench:send`: how fast the campaign sender sends, and whether it keeps Telegram's
// limits while doing so. Aim from issue #6 (acceptance 5): 10,000 recipients against the
// emulator with its limits on → ≥ 29 msg/s with zero 429s and zero duplicates; with paid
// broadcast, ≥ 900 msg/s.
//
//   npm run bench:send -- [--recipients 10000] [--paid-only] [--paid-rate 1000] [--timeout 900]
//                         [--profile] [--json] [--out bench-results/send.json]
//
// Two runs, each on a bot of its own whose recipients all started it (silently) on the
// emulator and are known to Tagflow: (1) a standard campaign at the bot's 30 msg/s (10,000
// take about 6 minutes: use --recipients 1000 for a quick run, or --paid-only), then (2) a
// paid broadcast (`allow_paid_broadcast`) at --paid-rate msg/s. Each campaign is launched
// here (lib/campaigns/launch-campaign.ts) and sent by the real worker in a child process
// (tests/bench/intake-child.ts --role worker: pg-boss, the `campaigns.dispatch` job, the
// leased sender of lib/campaigns/sender/). The emulator runs in this process with
// Telegram's limits: 30 msg/s per bot, 1000/s for paid broadcasts, 1 msg/s per chat, a 429
// with retry_after beyond them.
//
// Figures come from the emulator's records (what "Telegram" accepted, with the time it
// accepted each): sustained msg/s = messages after the first / time from the first to the
// last; the busiest second (any rolling 1 s window); 429s, requests inside a flood wait
// (violations) and duplicates (chats with more than one message). From launch to the
// campaign's COMPLETED status is shown too. The test PostgreSQL server runs with fsync=off
// and synchronous_commit=off (lib/db/test-database.ts). Everything shares the machine's cores.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { EmulatorControl, SentMessageView } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";
import type { TChildMessage } from "./intake-child";
import { backendCpu, backendCpuDelta, cleanupStack, machineBusyCpu, machineInfo, summarizeProfile, monitorConnection, runBench, useBenchDatabase, waitForChild, type TMachine, prepareOutput, printChecksAndProfiles } from "./harness";

const AIM_STANDARD = 29;
const AIM_PAID = 900;

// ------------------------------------------------------------------------------------ options

type TArgs = { recipients: number; paidOnly: boolean; paidRate: number; timeoutS: number; profile: boolean; json: boolean; out: string };

const USAGE = "npm run bench:send -- [--recipients 10000] [--paid-only] [--paid-rate 1000] [--timeout 900] [--profile] [--json] [--out FILE]";

function parseArgs(argv: string[]): TArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg} (see --help)`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (["paid-only", "profile", "json", "help"].includes(name)) flags.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else values.set(name, argv[++i] ?? "");
  }
  if (flags.has("help")) {
    console.log(USAGE);
    process.exit(0);
  }
  // --seed: accepted for `npm run bench -- --seed N` (every bench gets the same arguments); nothing here is random.
  const known = new Set(["recipients", "paid-rate", "timeout", "out", "seed"]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name} (see --help)`);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    recipients: int("recipients", 10_000, 10, 100_000),
    paidOnly: flags.has("paid-only"),
    paidRate: int("paid-rate", 1000, 31, 1000),
    timeoutS: int("timeout", 900, 10, 86_400),
    profile: flags.has("profile"),
    json: flags.has("json"),
    out: values.get("out") ?? "bench-results/send.json",
  };
}

// ------------------------------------------------------------------------------------ small tools

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString("en-US");
const cpuSeconds = (c: NodeJS.CpuUsage) => round((c.user + c.system) / 1e6, 2);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Most messages accepted within any rolling second (times in ms, sorted). */
function busiestSecond(times: readonly number[]): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1000) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

type TWorker = { pid: number; child: ChildProcess; logFile: string; cpu(): Promise<NodeJS.CpuUsage>; stop(): Promise<void> };

/** The real worker (pg-boss jobs, the campaign sender) in a child process. */
async function startWorker(env: NodeJS.ProcessEnv, logFile: string, profileDir: string | null): Promise<TWorker> {
  const log = fs.openSync(logFile, "w");
  const execArgv = ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
  const child = fork(path.resolve("tests/bench/intake-child.ts"), ["--role", "worker"], { execArgv, env, stdio: ["ignore", log, log, "ipc"] });
  const waitFor = <K extends TChildMessage["type"]>(type: K, timeoutMs: number) => waitForChild<TChildMessage, K>(child, "worker", logFile, type, timeoutMs);
  await waitFor("ready", 120_000);
  let stopped: Promise<void> | null = null;
  return {
    pid: child.pid ?? 0,
    child,
    logFile,
    async cpu() {
      const reply = waitFor("cpu", 10_000);
      child.send({ type: "cpu" });
      return (await reply).cpu;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || !child.connected) return;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const reply = waitFor("stopped", 30_000).catch(() => null);
        child.send({ type: "stop" });
        await reply;
        await Promise.race([exited, sleep(10_000).then(() => void child.kill("SIGKILL"))]);
        fs.closeSync(log);
      })();
      return stopped;
    },
  };
}

// ------------------------------------------------------------------------------------ one run

type TCheck = { area: string; check: string; expected: number | string; actual: number | string; ok: boolean; informational?: boolean };

type TRun = {
  name: "standard" | "paid broadcast";
  recipients: number;
  ratePerSecond: number;
  /** Messages the emulator accepted. */
  messages: number;
  /** From the first accepted message to the last. */
  sustainedPerSecond: number;
  busiestSecond: number;
  /** The longest time between two consecutive messages. */
  longestGapMs: number;
  /** From the launch to the campaign's COMPLETED status. */
  launchToCompletedS: number | null;
  firstMessageAfterMs: number | null;
  rejected429: number;
  violations: number;
  duplicates: number;
  unconfirmed: number;
  cpuSeconds: { worker: number; postgres: number | null; emulatorAndMonitor: number; other: number | null; wallSeconds: number };
  aim: number;
  aimMet: boolean;
};

type TCtx = {
  args: TArgs;
  control: EmulatorControl;
  emulatorUrl: string;
  users: TgUser[];
  sql: pg.Client;
  worker: TWorker;
};

async function runCampaign(ctx: TCtx, name: TRun["name"], paid: boolean, rate: number): Promise<{ run: TRun; checks: TCheck[] }> {
  const { db } = await import("../../lib/db/client");
  const { createCampaign } = await import("../../lib/campaigns/create-campaign");
  const { updateCampaign } = await import("../../lib/campaigns/update-campaign");
  const { launchCampaign } = await import("../../lib/campaigns/launch-campaign");
  const { control, users, args } = ctx;
  const n = args.recipients;

  // A bot whose users all started it (silently: no updates to process) and are known to Tagflow.
  const label = paid ? "paid" : "standard";
  const emu = await control.createBot({ username: `bench_send_${label}_bot`, first_name: `Bench send ${label}` });
  const bot = await db().bot.create({
    data: { telegramId: BigInt(emu.id), username: emu.username, name: `Bench send ${label}`, token: emu.token, apiRoot: ctx.emulatorUrl, updateMode: "WEBHOOK", webhookSecret: `bench-send-${label}-0123456789` },
    select: { id: true },
  });
  for (const part of chunks(users, 10_000)) await control.batch(part.map((u) => ({ type: "start" as const, user_id: u.id, bot_id: emu.id, silent: true })));
  for (const part of chunks(users, 5000)) {
    await db().telegramUser.createMany({ data: part.map((u) => ({ botId: bot.id, telegramId: BigInt(u.id), firstName: u.first_name, lastName: u.last_name ?? null, languageCode: u.language_code ?? null })) });
  }
  const campaign = await createCampaign({ botId: bot.id, name: `Bench ${label}` }, null);
  await updateCampaign(campaign.id, {
    audience: { source: "rules", segmentId: null, rules: { id: "root", type: "group", op: "and", not: false, children: [] }, frequencyCapHours: 0 },
    message: {
      variants: [
        { id: "a", name: "A", share: 50, text: "Hello {first_name|friend}! <b>Our sale</b> starts today.", photo: "", buttons: [[{ id: "go", kind: "reply", text: "Show me" }]] },
        { id: "b", name: "B", share: 50, text: "{first_name|Hi}, the <i>sale</i> is on.", photo: "", buttons: [[{ id: "shop", kind: "url", text: "Shop", url: "https://example.com/sale" }]] },
      ],
    },
    rollout: { controlPercent: 0, firstStage: null, stages: [100], advance: { mode: "manual" } },
    paidBroadcast: paid,
    ratePerSecond: rate,
  });

  console.log(`\n  ${name}: ${fmt(n)} recipients at ${rate} msg/s${paid ? " (allow_paid_broadcast)" : ""}`);
  const [w0, pg0] = await Promise.all([ctx.worker.cpu(), backendCpu(ctx.sql)]);
  const main0 = process.cpuUsage();
  const busy0 = machineBusyCpu();
  const t0 = performance.now();
  const launchedAt = Date.now();
  await launchCampaign(campaign.id);

  // Progress until COMPLETED (or the timeout).
  let completedAt: number | null = null;
  let lastPrint = performance.now();
  let lastSent = 0;
  while (performance.now() - t0 < args.timeoutS * 1000) {
    await sleep(250);
    const row = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } });
    if (row.status === "COMPLETED") {
      completedAt = Date.now();
      break;
    }
    if (performance.now() - lastPrint >= 5000) {
      const sent = (await control.stats(emu.id)).sent;
      const s = (performance.now() - lastPrint) / 1000;
      console.log(`    ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s  ${fmt(sent).padStart(7)} sent  (${round((sent - lastSent) / s)}/s)`);
      lastPrint = performance.now();
      lastSent = sent;
    }
  }
  const wallMs = performance.now() - t0;
  const [w1, pg1] = await Promise.all([ctx.worker.cpu(), backendCpu(ctx.sql)]);
  const mainCpu = cpuSeconds(process.cpuUsage(main0));
  const busy1 = machineBusyCpu();

  // What the emulator accepted, and what Tagflow recorded.
  const messages: SentMessageView[] = await control.sent(emu.id);
  const stats = await control.stats(emu.id);
  const perChat = new Map<number, number>();
  for (const m of messages) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
  const duplicates = [...perChat.values()].filter((c) => c > 1).length;
  const times = messages.map((m) => m.at).sort((a, b) => a - b);
  const spanMs = times.length > 1 ? times[times.length - 1]! - times[0]! : 0;
  const sustained = spanMs > 0 ? round(((times.length - 1) / spanMs) * 1000) : 0;
  const states = await db().campaignRecipient.groupBy({ by: ["state"], where: { campaignId: campaign.id }, _count: { _all: true } });
  const sentRows = states.find((s) => s.state === "SENT")?._count._all ?? 0;
  const unconfirmed = await db().campaignRecipient.count({ where: { campaignId: campaign.id, unconfirmed: true } });
  const workerCpu = cpuSeconds({ user: w1.user - w0.user, system: w1.system - w0.system });
  const postgresCpu = backendCpuDelta(pg0, pg1);
  const other = busy0 !== null && busy1 !== null && postgresCpu !== null ? Math.max(0, round(busy1 - busy0 - workerCpu - postgresCpu - mainCpu, 2)) : null;
  const aim = paid ? AIM_PAID : AIM_STANDARD;

  const run: TRun = {
    name,
    recipients: n,
    ratePerSecond: rate,
    messages: messages.length,
    sustainedPerSecond: sustained,
    busiestSecond: busiestSecond(times),
    longestGapMs: times.reduce((gap, t, i) => (i === 0 ? 0 : Math.max(gap, t - times[i - 1]!)), 0),
    launchToCompletedS: completedAt !== null ? round((completedAt - launchedAt) / 1000, 2) : null,
    firstMessageAfterMs: times.length ? times[0]! - launchedAt : null,
    rejected429: stats.rejected429,
    violations: stats.violations,
    duplicates,
    unconfirmed,
    cpuSeconds: { worker: workerCpu, postgres: postgresCpu, emulatorAndMonitor: mainCpu, other, wallSeconds: round(wallMs / 1000, 2) },
    aim,
    aimMet: sustained >= aim,
  };
  const area = name;
  const checks: TCheck[] = [
    { area, check: "campaign COMPLETED before --timeout", expected: "yes", actual: completedAt !== null ? "yes" : "no", ok: completedAt !== null },
    { area, check: "recipients SENT", expected: n, actual: sentRows, ok: sentRows === n },
    { area, check: "chats that received the campaign", expected: n, actual: perChat.size, ok: perChat.size === n },
    { area, check: "duplicates (chats with more than one message)", expected: 0, actual: duplicates, ok: duplicates === 0 },
    { area, check: "429 answers", expected: 0, actual: stats.rejected429, ok: stats.rejected429 === 0 },
    { area, check: "requests inside a flood wait", expected: 0, actual: stats.violations, ok: stats.violations === 0 },
    { area, check: "recipients counted sent unconfirmed", expected: 0, actual: unconfirmed, ok: unconfirmed === 0 },
    { area, check: `sustained msg/s ≥ ${aim} (aim)`, expected: `≥ ${aim}`, actual: sustained, ok: sustained >= aim, informational: true },
  ];
  return { run, checks };
}

// ------------------------------------------------------------------------------------ report

type TReport = {
  generatedAt: string;
  ok: boolean;
  outFile: string;
  machine: TMachine;
  postgres: { version: string; fsync: string; synchronousCommit: string; server: string };
  config: TArgs;
  runs: TRun[];
  checks: TCheck[];
  profiles: ReturnType<typeof summarizeProfile>[];
};

function printReport(report: TReport): void {
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
  console.log("\n════════ Tagflow campaign send benchmark ════════");
  line("machine", `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, load ${report.machine.loadAverageAtStart.join(" ")} → ${report.machine.loadAverageAtEnd?.join(" ") ?? "?"}`);
  line("node / PostgreSQL", `${report.machine.node} / ${report.postgres.version} (fsync=${report.postgres.fsync}, synchronous_commit=${report.postgres.synchronousCommit}; ${report.postgres.server})`);
  for (const r of report.runs) {
    console.log(`\n  ${r.name} — ${fmt(r.recipients)} recipients at ${r.ratePerSecond} msg/s`);
    line("SUSTAINED msg/s", `${r.sustainedPerSecond}  (aim ≥ ${r.aim}: ${r.aimMet ? "met" : "NOT met"}); busiest second ${r.busiestSecond}, longest gap ${r.longestGapMs} ms`);
    line("launch → COMPLETED", r.launchToCompletedS !== null ? `${r.launchToCompletedS} s (first message after ${r.firstMessageAfterMs} ms)` : "NOT FINISHED");
    line("429s / violations / duplicates", `${r.rejected429} / ${r.violations} / ${r.duplicates}  (${fmt(r.messages)} messages, ${r.unconfirmed} unconfirmed)`);
    const c = r.cpuSeconds;
    line("CPU s", `worker ${c.worker}, postgres ${c.postgres ?? "?"}, emulator+monitor ${c.emulatorAndMonitor}, other ${c.other ?? "?"} (wall ${c.wallSeconds})`);
  }
  printChecksAndProfiles(report, (c) => c.area, 70);
}

// ------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { outFile, outDir, profileDir } = prepareOutput(args.out, args.profile, "profiles/send");
  process.env.LOG_LEVEL ||= "warn";
  // With --json, stdout carries the report's JSON only; progress and the summary go to stderr.
  const stdout = console.log;
  if (args.json) console.log = console.error;
  const cleanup = cleanupStack();

  try {
    const { server, database } = await useBenchDatabase(cleanup);
    const { disconnectDb } = await import("../../lib/db/client");
    cleanup.push(() => disconnectDb());
    const { stopBoss } = await import("../../lib/jobs/boss");
    cleanup.push(() => stopBoss());
    const { startEmulator } = await import("../../lib/emulator/server");
    const { EmulatorControl } = await import("../../lib/emulator/client");

    const { sql, postgres } = await monitorConnection(database.url, server, cleanup);

    // Telegram's limits, as the emulator has them by default.
    const emulator = await startEmulator({ port: 0 });
    cleanup.push(() => emulator.close());
    const control = new EmulatorControl(emulator.url);
    const machine = machineInfo();
    console.log(`Tagflow campaign send benchmark: ${fmt(args.recipients)} recipients, ${args.paidOnly ? "" : "standard (30 msg/s) then "}paid broadcast (${args.paidRate} msg/s); ${machine.cpus} CPUs, Node ${machine.node}, PostgreSQL ${postgres.version}`);
    console.log(`  database ${new URL(database.url).pathname.slice(1)} on the ${server}; emulator ${emulator.url}; the worker logs to ${path.relative(process.cwd(), outDir)}/send-worker.log`);

    const users: TgUser[] = [];
    for (const part of chunks(Array.from({ length: args.recipients }, (_, i) => i), 10_000)) {
      users.push(...(await control.createUsers(part.map((i) => ({ first_name: `Reader${i}`, language_code: i % 3 ? "en" : "de" })))));
    }
    const worker = await startWorker({ ...process.env, DATABASE_URL: database.url }, path.join(outDir, "send-worker.log"), profileDir);
    cleanup.push(() => worker.stop());
    const ctx: TCtx = { args, control, emulatorUrl: emulator.url, users, sql, worker };

    const runs: TRun[] = [];
    const checks: TCheck[] = [];
    const plan: [TRun["name"], boolean, number][] = [...(args.paidOnly ? [] : [["standard", false, 30] as [TRun["name"], boolean, number]]), ["paid broadcast", true, args.paidRate]];
    for (const [name, paid, rate] of plan) {
      const result = await runCampaign(ctx, name, paid, rate);
      runs.push(result.run);
      checks.push(...result.checks);
    }
    await worker.stop();

    const profiles = profileDir
      ? fs
          .readdirSync(profileDir)
          .filter((f) => f.includes(`.${worker.pid}.0.`) && f.endsWith(".cpuprofile"))
          .map((f) => summarizeProfile(path.join(profileDir, f), "worker"))
      : [];
    machine.loadAverageAtEnd = machineInfo().loadAverageAtStart;
    const report: TReport = {
      generatedAt: new Date().toISOString(),
      ok: checks.every((c) => c.ok || c.informational),
      outFile: path.relative(process.cwd(), outFile),
      machine,
      postgres,
      config: args,
      runs,
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

runBench(main);
