// The delay node: the run is stored (WAITING_DELAY, waitUntil) and a flows.resume job is
// queued to start after the delay; resuming a due run sends what follows once, whatever
// duplicate, early or concurrent jobs do; a new trigger cancels the wait; the sweep
// re-queues runs whose job was lost. (The restart of a real worker: worker-restart.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resumeDueRun, sweepDueRuns } from "@/lib/flows/resume-due-run";
import { flow, node } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { makeDue, newUser, publish, runsOf, send, start, startFlowHarness, texts, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_delay_bot", { limits: { enabled: false } });
  await publish(
    h,
    "Drip",
    flow(
      [
        node("t1", "command", { command: "drip" }),
        node("m1", "send-message", { text: "before the delay" }),
        node("d", "delay", { amount: 5, unit: "minutes" }),
        node("m2", "send-message", { text: "after the delay, {first_name}" }),
        node("d2", "delay", { amount: 2, unit: "hours" }),
        node("m3", "send-message", { text: "two hours later" }),
      ],
      [
        ["t1", "next", "m1"],
        ["m1", "next", "d"],
        ["d", "next", "m2"],
        ["m2", "next", "d2"],
        ["d2", "next", "m3"],
      ],
    ),
  );
});
afterAll(async () => h?.close());

type TJobRow = { id: string; state: string; start_after: Date; singleton_key: string | null };
const resumeJobs = (runId: string) =>
  db().$queryRaw<TJobRow[]>`SELECT id::text, state::text, start_after, singleton_key FROM pgboss.job WHERE name = 'flows.resume' AND data->>'runId' = ${runId} ORDER BY created_on`;

const count = (list: string[], text: string) => list.filter((t) => t === text).length;

describe("delay", () => {
  it("stores the wait and queues a resume job that starts after the delay", async () => {
    const user = await newUser(h, "Dee");
    await start(h, user);
    const t0 = Date.now();
    await send(h, user, "/drip");
    expect((await texts(h, user)).at(-1)).toBe("before the delay");
    const run = await waitingRun(h, user);
    expect(run).toMatchObject({ status: "WAITING_DELAY", nodeId: "d", waiting: null });
    expect(run.waitUntil!.getTime()).toBeGreaterThanOrEqual(t0 + 5 * 60_000 - 1000);
    expect(run.waitUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);
    const jobs = await resumeJobs(run.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe("created");
    expect(Math.abs(jobs[0]!.start_after.getTime() - run.waitUntil!.getTime())).toBeLessThan(2000);
  });

  it("a job that fires early does nothing but come back later; when due, what follows is sent once, and the next delay waits", async () => {
    const user = await newUser(h, "Eli");
    await start(h, user);
    await send(h, user, "/drip");
    const run = await waitingRun(h, user);

    await resumeDueRun(run.id);
    expect((await texts(h, user)).at(-1)).toBe("before the delay");
    expect((await waitingRun(h, user)).seq).toBe(run.seq);
    expect((await resumeJobs(run.id)).length).toBeGreaterThanOrEqual(2);

    await makeDue(run.id);
    await resumeDueRun(run.id);
    const after = `after the delay, ${user.first_name}`;
    expect((await texts(h, user)).at(-1)).toBe(after);
    // The same run row goes on to wait at the second delay.
    const next = await waitingRun(h, user);
    expect(next).toMatchObject({ id: run.id, nodeId: "d2", status: "WAITING_DELAY" });
    expect(next.waitUntil!.getTime()).toBeGreaterThan(Date.now() + 2 * 3_600_000 - 5000);

    // A duplicate of the job that already ran does nothing.
    await resumeDueRun(run.id);
    expect(count(await texts(h, user), after)).toBe(1);
    expect((await waitingRun(h, user)).nodeId).toBe("d2");
  });

  it("jobs racing for the same due run send once", async () => {
    const user = await newUser(h, "Race");
    await start(h, user);
    await send(h, user, "/drip");
    const run = await waitingRun(h, user);
    await makeDue(run.id);
    await Promise.all([resumeDueRun(run.id), resumeDueRun(run.id), resumeDueRun(run.id), resumeDueRun(run.id)]);
    expect(count(await texts(h, user), `after the delay, ${user.first_name}`)).toBe(1);
    expect((await waitingRun(h, user)).nodeId).toBe("d2");
  });

  it("the last delay ends the run", async () => {
    const user = await newUser(h, "Fin");
    await start(h, user);
    await send(h, user, "/drip");
    for (let i = 0; i < 2; i++) {
      const run = await waitingRun(h, user);
      await makeDue(run.id);
      await resumeDueRun(run.id);
    }
    expect((await texts(h, user)).slice(-2)).toEqual([`after the delay, ${user.first_name}`, "two hours later"]);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);
  });

  it("a new trigger cancels the wait: the old job then does nothing", async () => {
    const user = await newUser(h, "Can");
    await start(h, user);
    await send(h, user, "/drip");
    const first = await waitingRun(h, user);
    await send(h, user, "/drip");
    const runs = await runsOf(h, user);
    expect(runs.map((r) => r.status)).toEqual(["CANCELLED", "WAITING_DELAY"]);
    await makeDue(first.id);
    await resumeDueRun(first.id);
    expect(count(await texts(h, user), `after the delay, ${user.first_name}`)).toBe(0);
  });

  it("the sweep re-queues runs overdue by more than a minute (a lost job)", async () => {
    const user = await newUser(h, "Lost");
    await start(h, user);
    await send(h, user, "/drip");
    const run = await waitingRun(h, user);
    await db().$executeRaw`DELETE FROM pgboss.job WHERE name = 'flows.resume' AND data->>'runId' = ${run.id}`;
    expect(await sweepDueRuns()).toBe(0);
    await db().flowRun.update({ where: { id: run.id }, data: { waitUntil: new Date(Date.now() - 2 * 60_000) } });
    expect(await sweepDueRuns()).toBeGreaterThanOrEqual(1);
    const jobs = await resumeJobs(run.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.start_after.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
