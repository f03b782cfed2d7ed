// Acceptance 2 of issue #4, with real worker processes: "A delay node of 1 minute followed
// by a message: restart the worker during the wait → the message still arrives once,
// after the delay." The bot polls the emulator; worker 1 takes the user's /start and
// starts the wait, is killed (SIGKILL: no clean shutdown), worker 2 takes over.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { databaseUrl } from "@/lib/env";
import { flow, node } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { newUser, publish, runsOf, startFlowHarness, type TFlowHarness } from "./harness";

useTestDatabase();

const AFTER = "after the delay";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | null | undefined | false>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

type TWorker = { name: string; child: ChildProcess; output: () => string; exited: Promise<number | null> };

const workers: TWorker[] = [];
let dataDir = "";
let h: TFlowHarness;

/** `npm run worker` against the test database, its output kept for the failure message. */
function startWorker(name: string): TWorker {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
      TAGFLOW_DATA_DIR: dataDir,
      DEMO_MODE: "off",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const w = { name, child, output: () => out, exited };
  workers.push(w);
  return w;
}

async function ready(w: TWorker): Promise<void> {
  await until(`${w.name} to poll the bot\n${w.output()}`, 60_000, async () => {
    if (w.child.exitCode !== null) throw new Error(`${w.name} exited with ${w.child.exitCode}:\n${w.output()}`);
    return w.output().includes("polling started");
  });
}

async function kill(w: TWorker): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await w.exited;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tagflow-restart-"));
  h = await startFlowHarness("flows_restart_bot");
  await db().bot.update({ where: { id: h.botId }, data: { updateMode: "POLLING" } });
  await publish(
    h,
    "One minute later",
    flow(
      [node("t1", "command", { command: "start" }), node("d", "delay", { amount: 1, unit: "minutes" }), node("m", "send-message", { text: AFTER })],
      [
        ["t1", "next", "d"],
        ["d", "next", "m"],
      ],
    ),
  );
});

afterAll(async () => {
  for (const w of workers) await kill(w);
  await h?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a 1-minute delay across a worker restart (acceptance 2)", () => {
  it("the message after the delay arrives once, at least a minute after /start", { timeout: 180_000 }, async () => {
    const first = startWorker("worker 1");
    await ready(first);

    const user = await newUser(h, "Restart");
    const startedAt = Date.now();
    await h.control.start(user.id, { bot_id: h.emuBot.id });

    const run = await until("the run to wait at the delay", 30_000, async () => (await runsOf(h, user)).find((r) => r.status === "WAITING_DELAY"));
    expect(run.waitUntil!.getTime()).toBeGreaterThanOrEqual(startedAt + 60_000);

    // The worker dies mid-wait, without any chance to clean up.
    await kill(first);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["WAITING_DELAY"]);
    expect((await h.control.sent(h.emuBot.id, user.id)).filter((m) => m.text === AFTER)).toHaveLength(0);

    const second = startWorker("worker 2");
    await ready(second);

    const arrived = await until(`“${AFTER}” to arrive\n--- worker 2 ---\n${second.output()}`, 100_000, async () =>
      (await h.control.sent(h.emuBot.id, user.id)).find((m) => m.text === AFTER),
      500,
    );
    // Long enough for a duplicate (a retried or second job, the sweep) to show up.
    await sleep(Math.max(8_000, startedAt + 75_000 - Date.now()));

    const sent = (await h.control.sent(h.emuBot.id, user.id)).filter((m) => m.text === AFTER);
    expect(sent, second.output()).toHaveLength(1);
    expect(arrived.at).toBeGreaterThanOrEqual(startedAt + 60_000);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);
    expect(second.child.exitCode).toBeNull();
  });
});
