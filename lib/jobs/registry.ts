// Every job the worker runs: {name, schema, handler or handleBatch}. Add a job here.
import { defineJob, type TJobDefinition } from "./define-job";
import { IntakeError, processUpdates, type TProcessedRow } from "../telegram/process-update";
import { answerUpdates } from "../telegram/answer-updates";
import { sweepUnprocessedUpdates } from "../telegram/sweep-updates";
import { syncBot } from "../bots/sync-bot";
import { deliverMessage } from "../inbox/deliver-message";
import { pruneInboxEvents } from "../realtime/prune";
import { recordLifecycleChanges } from "../segments/record-lifecycle-changes";
import { recordSegmentSizes } from "../segments/record-segment-sizes";
import { resumeDueRun, sweepDueRuns } from "../flows/resume-due-run";
import { dispatchBot } from "../campaigns/sender/dispatch-bot";
import { tickCampaigns } from "../campaigns/control-campaign";
import { enqueue } from "./enqueue";
import { log } from "../log";

export const JOBS = [
  defineJob("telegram.process-update", {
    // A batch's chats are processed together, a few statements per round of updates
    // (see processUpdates), so a burst is best taken in a few large batches, on several
    // lanes at once; each chat's updates still apply in order, whatever the batches.
    batchSize: 25,
    localConcurrency: 4,
    async handleBatch(payloads) {
      let processed: TProcessedRow[];
      let failure: IntakeError | null = null;
      try {
        processed = await processUpdates(payloads.map((p) => p.updateRowId));
      } catch (e) {
        if (!(e instanceof IntakeError)) throw e;
        // The updates applied before the failure (and in other chats) are committed:
        // answer them, then fail the batch (retried; what is done is skipped then).
        processed = e.processed;
        failure = e;
      }
      await answerUpdates(processed);
      if (failure) throw failure.cause;
    },
  }),
  defineJob("telegram.sweep-updates", {
    cron: "* * * * *",
    async handler() {
      await sweepUnprocessedUpdates();
    },
  }),
  defineJob("inbox.deliver-message", {
    localConcurrency: 4,
    async handler({ messageId }) {
      await deliverMessage(messageId);
    },
  }),
  defineJob("realtime.prune-events", {
    cron: "17 * * * *",
    async handler() {
      await pruneInboxEvents();
    },
  }),
  defineJob("segments.record-lifecycle", {
    cron: "*/10 * * * *",
    async handler() {
      const changed = await recordLifecycleChanges();
      if (changed > 0) log.info("lifecycle stages recorded", { changed });
    },
  }),
  defineJob("segments.record-sizes", {
    // Shortly after midnight UTC, and the sizes of the day are overwritten if it runs again.
    cron: "7 0 * * *",
    async handler() {
      await recordSegmentSizes();
    },
  }),
  defineJob("flows.resume", {
    localConcurrency: 4,
    async handler({ runId }) {
      await resumeDueRun(runId);
    },
  }),
  defineJob("flows.sweep-waits", {
    cron: "* * * * *",
    async handler() {
      const n = await sweepDueRuns();
      if (n > 0) log.warn("flow runs overdue: resume jobs queued again", { runs: n });
    },
  }),
  defineJob("campaigns.dispatch", {
    // One sender per bot holds its lease; a second job for the same bot returns at once.
    localConcurrency: 4,
    async handler({ botId }) {
      const r = await dispatchBot(botId);
      if (r.more) await enqueue("campaigns.dispatch", { botId }, { startAfterSeconds: Math.ceil(r.waitMs / 1000) });
      // A stopped sender's lease runs out: look again then (one such job per bot).
      else if (!r.leased && r.waitMs > 0) await enqueue("campaigns.dispatch", { botId }, { startAfterSeconds: Math.ceil(r.waitMs / 1000) + 1, singletonKey: `lease:${botId}` });
    },
  }),
  defineJob("campaigns.tick", {
    cron: "* * * * *",
    async handler() {
      await tickCampaigns();
    },
  }),
  defineJob("bots.sync", {
    async handler({ botId }) {
      await syncBot(botId);
    },
  }),
] as const satisfies readonly TJobDefinition[];
