// The bot's handlers for processed updates: each chat's in order, the chats at the same time.
// A chat a person handles stays quiet (botRepliesPaused). `observe` lets a bench time them.
import type { TProcessedRow } from "./process-update";
import { runHandlers } from "./bot-runtime";
import { botRepliesPaused } from "../inbox/handoff";
import { log } from "../log";

export type TAnswerObserver = { answered?: (ms: number) => void; failed?: () => void };

export async function answerUpdates(processed: readonly TProcessedRow[], observe: TAnswerObserver = {}): Promise<void> {
  const chats = new Map<string, TProcessedRow[]>();
  for (const p of processed) {
    const key = p.result.status === "done" && "chatId" in p.result.update && p.result.update.chatId !== null ? `${p.result.botId}:${p.result.update.chatId}` : p.rowId;
    const list = chats.get(key);
    if (list) list.push(p);
    else chats.set(key, [p]);
  }
  await Promise.all(
    [...chats.values()].map(async (rows) => {
      for (const { rowId, result } of rows) {
        if (result.status !== "done" || result.update.kind === "ignored") continue;
        const started = performance.now();
        const occurredAt = "date" in result.update ? result.update.date : new Date();
        const chatId = "chatId" in result.update ? result.update.chatId : null;
        // A chat nobody is assigned to is not paused: no need to read it again.
        if (!result.unassigned && (await botRepliesPaused(result.botId, chatId))) continue;
        await runHandlers(result.botId, result.raw, occurredAt).catch((e: unknown) => {
          observe.failed?.();
          log.warn("bot handlers failed", { updateRowId: rowId, error: e instanceof Error ? e.message : String(e) });
        });
        observe.answered?.(performance.now() - started);
      }
    }),
  );
}
