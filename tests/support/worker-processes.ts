// Real worker processes (`npm run worker`) for tests that kill them: started against the
// test database with their output kept for failure messages, waited for by a line of
// their output, killed with SIGKILL (no clean shutdown). `until` polls a check.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { databaseUrl } from "@/lib/env";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | null | undefined | false>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export type TWorkerProcess = { name: string; child: ChildProcess; output: () => string; exited: Promise<unknown> };

/** The workers of one test file, sharing a data folder; `stopAll` kills them and removes it. */
export function workerProcesses(prefix: string) {
  const workers: TWorkerProcess[] = [];
  let dataDir = "";

  const start = (name: string): TWorkerProcess => {
    dataDir ||= fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: databaseUrl(), NEXTAUTH_SECRET: randomBytes(24).toString("hex"), TAGFLOW_DATA_DIR: dataDir, DEMO_MODE: "off", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const w = { name, child, output: () => out, exited };
    workers.push(w);
    return w;
  };

  const alive = (w: TWorkerProcess) => w.child.exitCode === null && w.child.signalCode === null;

  /** Waits until the worker's output has `line`; fails if it exits first. */
  const ready = (w: TWorkerProcess, line: string) =>
    until(`${w.name} to log “${line}”`, 60_000, async () => {
      if (!alive(w)) throw new Error(`${w.name} exited early:\n${w.output()}`);
      return w.output().includes(line);
    });

  const kill = async (w: TWorkerProcess) => {
    if (alive(w)) w.child.kill("SIGKILL");
    await w.exited;
  };

  const stopAll = async () => {
    for (const w of workers) await kill(w);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  return { workers, start, alive, ready, kill, stopAll };
}
