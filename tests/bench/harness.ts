// What every bench needs: a cleanup stack (also run on Ctrl-C), the machine it runs on,
// the PostgreSQL server, and the IPC between a bench and the child processes it forks
// (web, worker) — the parent waits for a child's messages, the child answers "stop".
import type { ChildProcess } from "node:child_process";
import os from "node:os";

const round2 = (x: number) => Math.round(x * 100) / 100;

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
