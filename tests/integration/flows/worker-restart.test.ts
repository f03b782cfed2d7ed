// Acceptance 2 of issue #4, with real worker processes: "A delay node of 1 minute followed
// by a message: restart the worker during the wait → the message still arrives once,
// after the delay." The bot polls the emulator; worker 1 takes the user's /start and
// starts the wait, is killed (SIGKILL: no clean shutdown), worker 2 takes over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { flow, node } from "@/tests/support/flow-document";
import { sleep, until, workerProcesses, type TWorkerProcess } from "@/tests/support/worker-processes";
import { useTestDatabase } from "../helpers";
import { newUser, publish, runsOf, startFlowHarness, type TFlowHarness } from "./harness";

useTestDatabase();

const AFTER = "after the delay";
const processes = workerProcesses("tagflow-restart-");
const startWorker = processes.start;
const kill = processes.kill;
let h: TFlowHarness;
/** A worker is ready once it polls the bot. */
const ready = (w: TWorkerProcess) => processes.ready(w, "polling started");

beforeAll(async () => {
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
  await processes.stopAll();
  await h?.close();
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
