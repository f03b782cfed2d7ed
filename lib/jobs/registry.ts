// Every job the worker runs: {name, schema, handler}. Add a job here.
import { defineJob, type TJobDefinition } from "./define-job";
import { processUpdateInOrder } from "../telegram/process-update";
import { runHandlers } from "../telegram/bot-runtime";
import { sweepUnprocessedUpdates } from "../telegram/sweep-updates";
import { syncBot } from "../bots/sync-bot";
import { deliverMessage } from "../inbox/deliver-message";
import { botRepliesPaused } from "../inbox/handoff";
import { pruneInboxEvents } from "../realtime/prune";
import { recordLifecycleChanges } from "../segments/record-lifecycle-changes";
import { recordSegmentSizes } from "../segments/record-segment-sizes";
import { log } from "../log";

export const JOBS = [
  defineJob("telegram.process-update", {
    // Small batches, several lanes: a burst is spread out instead of queueing behind
    // one batch; each chat's updates still apply in order (see processUpdateInOrder).
    batchSize: 5,
    localConcurrency: 4,
    async handler({ updateRowId }) {
      for (const { rowId, result } of await processUpdateInOrder(updateRowId)) {
        if (result.status !== "done" || result.update.kind === "ignored") continue;
        const occurredAt = "date" in result.update ? result.update.date : new Date();
        const chatId = "chatId" in result.update ? result.update.chatId : null;
        if (await botRepliesPaused(result.botId, chatId)) continue;
        await runHandlers(result.botId, result.raw, occurredAt).catch((e: unknown) =>
          log.warn("bot handlers failed", { updateRowId: rowId, error: e instanceof Error ? e.message : String(e) }),
        );
      }
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
  defineJob("bots.sync", {
    async handler({ botId }) {
      await syncBot(botId);
    },
  }),
] as const satisfies readonly TJobDefinition[];
