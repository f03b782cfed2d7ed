// What every bench needs: a cleanup stack (also run on Ctrl-C), the machine it runs on,
// the PostgreSQL server, and the IPC between a bench and the child processes it forks
// (web, worker) — the parent waits for a child's messages, the child answers "stop";
// and where the CPU went: PostgreSQL backends' CPU time, summaries of V8 CPU profiles.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

const round2 = (x: number) => Math.round(x * 100) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Cleanups run newest first, once, at the end of the bench or on SIGINT. */
export function cleanupStack() {
  const fns: (() => Promise<unknown>)[] = [];
  const run = async () => {
    for (const fn of fns.reverse()) await fn().catch((e: unknown) => console.error("cleanup:", e instanceof Error ? e.message : e));
    fns.length = 0;
  };
  process.once("SIGINT", () => void run().finally(() => process.exit(130)));
  return { push: (fn: () => Promise<unknown>) => void fns.push(fn), run };
}
export type TCleanup = ReturnType<typeof cleanupStack>;

export type TMachine = {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
};

export function machineInfo(): TMachine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "?",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map(round2),
  };
}

/**
 * The server benches run on: TEST_DATABASE_URL, or the embedded test server (started
 * here, stopped at cleanup): its URL, and how to describe it in the report.
 */
export async function useTestServer(cleanup: TCleanup): Promise<{ server: string; serverUrl: string }> {
  if (process.env.TEST_DATABASE_URL) return { server: "TEST_DATABASE_URL", serverUrl: process.env.TEST_DATABASE_URL };
  const { startTestPostgresServer } = await import("../../lib/db/test-database");
  const pgServer = await startTestPostgresServer();
  process.env.TEST_DATABASE_URL = pgServer.serverUrl;
  cleanup.push(() => pgServer.stop());
  return { server: `embedded test server (port ${process.env.TEST_PG_PORT ?? 54339})`, serverUrl: pgServer.serverUrl };
}

/**
 * A fresh, migrated database on the test server (as the integration tests get theirs),
 * dropped at cleanup; DATABASE_URL points to it, so modules that read it are imported after.
 */
export async function useBenchDatabase(cleanup: TCleanup): Promise<{ server: string; serverUrl: string; database: { url: string } }> {
  const { createTestDatabase } = await import("../../lib/db/test-database");
  const { server, serverUrl } = await useTestServer(cleanup);
  const database = await createTestDatabase();
  cleanup.push(() => database.drop());
  process.env.DATABASE_URL = database.url;
  return { server, serverUrl, database };
}

/** The bench's own connection to its database, and the server's settings for the report. */
export async function monitorConnection(url: string, server: string, cleanup: TCleanup) {
  const { default: pgModule } = await import("pg");
  const sql = new pgModule.Client({ connectionString: url, application_name: "tagflow-bench-monitor" });
  await sql.connect();
  cleanup.push(() => sql.end());
  const setting = async (name: string) => (await sql.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]?.v ?? "?";
  const postgres = { version: (await setting("server_version")).split(" ")[0] ?? "?", fsync: await setting("fsync"), synchronousCommit: await setting("synchronous_commit"), server };
  return { sql, postgres };
}

/** Runs a bench's main and exits with its code; an error is printed (a usage error as `npm run <script>: message`). */
export function runBench(main: () => Promise<number>, usage?: { script: string; isUsageError: (e: unknown) => boolean }): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(usage?.isUsageError(e) ? `npm run ${usage.script}: ${(e as Error).message}` : e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}

/** Messages a bench child sends; `failed` ends every wait. */
export type TChildBase = { type: string } | { type: "failed"; error: string };

/** Resolves with the child's next message of `type`; rejects when it fails, exits or stays silent. */
export function waitForChild<M extends { type: string }, K extends M["type"]>(
  child: ChildProcess,
  role: string,
  logFile: string,
  type: K,
  timeoutMs: number,
): Promise<Extract<M, { type: K }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${role} child: no "${type}" within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
    const onMessage = (m: M) => {
      if (m.type === type) done(null, m as Extract<M, { type: K }>);
      else if (m.type === "failed") done(new Error(`${role} child failed: ${(m as { error?: string }).error}`));
    };
    const onExit = (code: number | null) => done(new Error(`${role} child exited (${code}) before "${type}" (log: ${logFile})`));
    const done = (error: Error | null, m?: Extract<M, { type: K }>) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(m!);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/**
 * In a child: on "stop", runs `stop`, reports its CPU and memory, and exits; exits too
 * when the parent is gone. `onMessage` sees every other message.
 */
export function serveChild(stop: () => Promise<void>, onMessage?: (m: { type?: string }) => void): void {
  const send = (m: unknown) => void process.send?.(m);
  process.on("message", (m: { type?: string }) => {
    if (m.type !== "stop") return onMessage?.(m);
    void stop()
      .catch((e: unknown) => console.error("stop failed", e))
      .finally(() => {
        send({ type: "stopped", cpu: process.cpuUsage(), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
        process.disconnect?.();
        // Leave time for the IPC message (and a --cpu-prof profile, written on exit).
        setTimeout(() => process.exit(0), 50);
      });
  });
  // The parent died: do not linger.
  process.on("disconnect", () => setTimeout(() => process.exit(0), 2000).unref());
}

/** Percentiles (nearest rank) of a sample, e.g. milliseconds. */
export type TLatency = { count: number; mean: number; p50: number; p95: number; p99: number; max: number };

export function latency(values: ArrayLike<number>): TLatency {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (q: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? 0));
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: n, mean: round2(n ? sum / n : 0), p50: round2(at(0.5)), p95: round2(at(0.95)), p99: round2(at(0.99)), max: round2(at(1)) };
}

/**
 * CPU seconds the whole machine has been busy since boot (all cores; /proc/stat), or null.
 * Compared with the bench's own processes it shows how much CPU something else took.
 */
export function machineBusyCpu(): number | null {
  try {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** CPU seconds of the PostgreSQL backends serving this database, by pid (needs /proc access). */
export async function backendCpu(sql: pg.Client): Promise<Map<number, number> | null> {
  const { rows } = await sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
  const out = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw e;
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in 1/100 s
    }
  } catch {
    return null;
  }
  return out;
}

export function backendCpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return round2(sum);
}

type TProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type TProfile = { nodes: TProfileNode[]; startTime: number; endTime: number; samples: number[] };

/** Self time by function and by area (package / project folder) from a V8 .cpuprofile. */
export function summarizeProfile(file: string, role: string) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as TProfile;
  const total = profile.samples.length || 1;
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const rel = url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");
    const fn = `${functionName || "(anonymous)"} ${rel ? `${rel}:${lineNumber + 1}` : ""}`.trim();
    byFn.set(fn, (byFn.get(fn) ?? 0) + hits);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel)?.[1];
    const area = pkg ?? (rel.startsWith("node:") ? "node internals" : rel ? rel.split("/").slice(0, 2).join("/") : functionName === "(idle)" ? "(idle)" : functionName || "(native)");
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, hits]) => ({ name, percent: round1((hits / total) * 100) }));
  return { role, file: path.relative(process.cwd(), file), seconds: round2((profile.endTime - profile.startTime) / 1e6), byArea: top(byArea, 12), byFunction: top(byFn, 15) };
}

/** The report's file, its folder, and (with --profile) a fresh folder for CPU profiles. */
export function prepareOutput(out: string, profile: boolean, profileSubdir = "profiles"): { outFile: string; outDir: string; profileDir: string | null } {
  const outFile = path.resolve(out);
  const outDir = path.dirname(outFile);
  fs.mkdirSync(outDir, { recursive: true });
  const profileDir = profile ? path.join(outDir, profileSubdir) : null;
  if (profileDir) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    fs.mkdirSync(profileDir, { recursive: true });
  }
  return { outFile, outDir, profileDir };
}

type TPrintedCheck = { ok: boolean; informational?: boolean; check: string; expected: unknown; actual: unknown };
type TPrintedProfile = { role: string; file: string; seconds: number; byArea: { name: string; percent: number }[]; byFunction: { name: string; percent: number }[] };

/** The end of every bench's summary: its checks, CPU profile summaries, and the verdict. */
export function printChecksAndProfiles<C extends TPrintedCheck>(
  report: { ok: boolean; outFile: string; checks: C[]; profiles?: TPrintedProfile[] },
  area: (c: C) => string,
  width: number,
): void {
  console.log("\n  Checks");
  for (const c of report.checks) {
    const mark = c.ok ? "✓" : c.informational ? "i" : "✗";
    console.log(`  ${mark} ${`[${area(c)}] ${c.check}`.padEnd(width)} expected ${c.expected}, got ${c.actual}`);
  }
  for (const prof of report.profiles ?? []) {
    console.log(`\n  CPU profile of the ${prof.role} child, ${prof.file} (${prof.seconds} s) — self time by area:`);
    for (const a of prof.byArea) console.log(`    ${String(a.percent).padStart(5)}%  ${a.name}`);
    console.log("  top functions:");
    for (const f of prof.byFunction) console.log(`    ${String(f.percent).padStart(5)}%  ${f.name}`);
  }
  console.log(`\n  ${report.ok ? "All checks passed." : "SOME CHECKS FAILED."}  JSON: ${report.outFile}`);
}
