// The long-running worker: runs every registered job and polls bots in
// POLLING mode. Several workers may run against one database.
import { getBoss, setBossRole, stopBoss } from "./boss";
import { JOBS } from "./registry";
import { startPoller, type TPoller } from "../telegram/poller";
import { db } from "../db/client";
import { tickCampaigns } from "../campaigns/control-campaign";
import { log } from "../log";

export type TWorker = { stop(): Promise<void> };

export async function startWorker(opts: { poll?: boolean } = {}): Promise<TWorker> {
  setBossRole("worker");
  const boss = await getBoss();
  for (const job of JOBS) {
    await boss.work(
      job.name,
      {
        batchSize: job.batchSize ?? 1,
        localConcurrency: job.localConcurrency ?? 1,
        pollingIntervalSeconds: 1,
        // NOTIFY wakes the worker for new jobs; these keep a backlog draining
        // without waiting for the next slow poll.
        notifyPollingIntervalSeconds: 2,
        burstWhenBatchFull: true,
      },
      async (jobs) => {
        // The queue retries a failed job (with backoff); say why, once per attempt.
        const failed = (e: unknown, ids: string[]) =>
          log.warn("job failed; it will be retried", { job: job.name, id: ids.join(","), error: e instanceof Error ? e.message : String(e) });
        if (job.handleBatch) {
          // Schema-checked payloads: a malformed job fails (with its batch) instead of doing harm.
          const payloads = jobs.map((j) => job.schema.parse(j.data));
          try {
            await (job.handleBatch as (p: typeof payloads) => Promise<void>)(payloads);
          } catch (e) {
            failed(e, jobs.map((j) => j.id));
            throw e;
          }
          return;
        }
        for (const j of jobs) {
          // Schema-checked payloads: a malformed job fails instead of doing harm.
          const payload = job.schema.parse(j.data);
          try {
            await (job.handler as (p: typeof payload) => Promise<void>)(payload);
          } catch (e) {
            failed(e, [j.id]);
            throw e;
          }
        }
      },
    );
    if (job.cron) await boss.schedule(job.name, job.cron, {});
  }
  const pollers = new Map<string, TPoller>();
  let stopped = false;
  const refresh = async () => {
    if (stopped || opts.poll === false) return;
    const bots = await db().bot.findMany({ where: { updateMode: "POLLING" }, select: { id: true } });
    const wanted = new Set(bots.map((b) => b.id));
    for (const [id, p] of pollers) if (!wanted.has(id)) (pollers.delete(id), await p.stop());
    for (const id of wanted) {
      if (pollers.has(id)) continue;
      const p = await startPoller(id).catch((e: unknown) => (log.warn("cannot start poller", { botId: id, error: String(e) }), null));
      if (p) pollers.set(id, p);
    }
  };
  await refresh();
  // Campaigns that were sending when a worker stopped go on now, not at the next tick.
  await tickCampaigns().catch((e: unknown) => log.warn("campaign tick failed", { error: String(e) }));
  const timer = setInterval(() => void refresh().catch((e: unknown) => log.warn("poller refresh failed", { error: String(e) })), 3000);
  log.info("worker started", { jobs: JOBS.map((j) => j.name) });
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...pollers.values()].map((p) => p.stop()));
      await stopBoss();
    },
  };
}
