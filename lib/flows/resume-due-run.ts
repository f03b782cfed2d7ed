// The `flows.resume` job: a delay has passed or a question's time to answer is up. The
// run is claimed (so a retried or duplicated job does nothing) and moves on.
import { db } from "../db/client";
import { botApi } from "../telegram/bot-runtime";
import { log } from "../log";
import { claimDueRun, makeContext, resumeAt, scheduleResume } from "./runtime/engine";
import { loadUser, loadVersion } from "./runtime/load";

export async function resumeDueRun(runId: string): Promise<void> {
  const run = await claimDueRun(runId);
  if (!run) {
    // Fired early (clocks) while still waiting: come back when it is due.
    const waiting = await db().flowRun.findFirst({ where: { id: runId, status: { in: ["WAITING_DELAY", "WAITING_REPLY"] }, waitUntil: { gt: new Date() } }, select: { waitUntil: true } });
    if (waiting?.waitUntil) await scheduleResume(runId, waiting.waitUntil);
    return;
  }
  const [version, user, api] = await Promise.all([loadVersion(run.flowVersionId), loadUser(run.telegramUserId), botApi(run.botId)]);
  if (!version || !user || !api) {
    log.warn("a due flow run cannot resume (its version, user or bot is gone)", { runId });
    return;
  }
  await resumeAt(makeContext(run.botId, Number(run.chatId), user, version, api), run, { kind: "timeout" });
}

/** Safety net for lost resume jobs: every waiting run overdue by a minute is queued again. */
export async function sweepDueRuns(): Promise<number> {
  const due = await db().flowRun.findMany({
    where: { status: { in: ["WAITING_DELAY", "WAITING_REPLY"] }, waitUntil: { lt: new Date(Date.now() - 60_000) } },
    select: { id: true, waitUntil: true },
    take: 1000,
  });
  for (const r of due) await scheduleResume(r.id, r.waitUntil!);
  return due.length;
}
