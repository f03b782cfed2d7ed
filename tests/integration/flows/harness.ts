// Shared set-up of the flow tests: an emulator, a bot on it, and intake as the worker
// runs it (store → process → the bot's handlers, published flows included).
import { expect } from "vitest";
import { db, type Prisma } from "@/lib/db/client";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import type { TgUpdate, TgUser } from "@/lib/emulator/types";
import { updateKind } from "@/lib/telegram/parse-update";
import { processUpdate } from "@/lib/telegram/process-update";
import { runHandlers } from "@/lib/telegram/bot-runtime";
import { createFlow } from "@/lib/flows/create-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { publishFlow } from "@/lib/flows/publish-flow";
import type { TFlowDocument } from "@/lib/flows/document";
import type { TFlowTemplate } from "@/lib/flows/templates";
import { botApi } from "@/lib/telegram/bot-runtime";
import { makeContext, startAt } from "@/lib/flows/runtime/engine";
import { loadPublishedVersion, loadUserByTelegramId } from "@/lib/flows/runtime/load";
import { TRIGGER_TYPES } from "@/lib/flows/nodes";

export type TFlowHarness = {
  emulator: RunningEmulator;
  control: EmulatorControl;
  emuBot: BotView;
  botId: string;
  close: () => Promise<void>;
};

/** `limits`: the emulator's flood limits (1 message/s per chat by default; tests that send several in a row lift them). */
export async function startFlowHarness(username = "flows_test_bot", opts: Pick<EmulatorOptions, "limits"> = {}): Promise<TFlowHarness> {
  const emulator = await startEmulator({ port: 0, ...opts });
  const control = new EmulatorControl(emulator.url);
  const emuBot = await control.createBot({ username, first_name: "Flows Test" });
  const bot = await db().bot.create({
    data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: emuBot.first_name, token: emuBot.token, apiRoot: emulator.url, webhookSecret: `${username}-secret-0123456789` },
  });
  return { emulator, control, emuBot, botId: bot.id, close: () => emulator.close() };
}

/** Stores the emulator's update, processes it and runs the bot's handlers, as the worker does. */
export async function deliver(h: TFlowHarness, updateId: number | null): Promise<void> {
  expect(updateId, "the emulator emitted an update").not.toBeNull();
  const update = (await h.control.pendingUpdates(h.emuBot.id)).find((u) => u.update_id === updateId) as TgUpdate | undefined;
  expect(update, `update ${updateId} is waiting on the emulator`).toBeDefined();
  const row = await db().telegramUpdate.create({
    data: { botId: h.botId, updateId: BigInt(update!.update_id), kind: updateKind(update as unknown as Record<string, unknown>), payload: update as unknown as Prisma.InputJsonValue },
  });
  const result = await processUpdate(row.id.toString());
  expect(result.status).toBe("done");
  await runHandlers(h.botId, update, new Date());
}

let userSeq = 0;
export async function newUser(h: TFlowHarness, first = "Sim"): Promise<TgUser> {
  userSeq++;
  return h.control.createUser({ first_name: `${first}${userSeq}`, username: `flow_user_${userSeq}_${Date.now() % 100000}`, language_code: "en" });
}

export const send = async (h: TFlowHarness, user: TgUser, text: string) => deliver(h, (await h.control.message(user.id, { bot_id: h.emuBot.id, text })).update_id);
export const start = async (h: TFlowHarness, user: TgUser, payload?: string) => deliver(h, (await h.control.start(user.id, { bot_id: h.emuBot.id, payload })).update_id);

/** Presses the button labelled `label` on the latest message that has it. */
export async function press(h: TFlowHarness, user: TgUser, label: string): Promise<void> {
  const messages = await h.control.sent(h.emuBot.id, user.id);
  for (const m of [...messages].reverse()) {
    const rows = (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    const button = rows.flat().find((b) => b.text === label && b.callback_data);
    if (button) return deliver(h, (await h.control.click(user.id, { bot_id: h.emuBot.id, message_id: m.message_id, data: button.callback_data! })).update_id);
  }
  throw new Error(`no button “${label}” in the chat`);
}

export async function texts(h: TFlowHarness, user: TgUser): Promise<string[]> {
  return (await h.control.sent(h.emuBot.id, user.id)).map((m) => m.text ?? m.caption ?? "");
}

/** Presses a button by its callback data on the latest message that has it. */
export async function pressData(h: TFlowHarness, user: TgUser, data: string): Promise<void> {
  const messages = await h.control.sent(h.emuBot.id, user.id);
  for (const m of [...messages].reverse()) {
    const rows = (m.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    if (rows.flat().some((b) => b.callback_data === data)) {
      return deliver(h, (await h.control.click(user.id, { bot_id: h.emuBot.id, message_id: m.message_id, data })).update_id);
    }
  }
  throw new Error(`no button with data “${data}” in the chat`);
}

/** What the bot answered to the user's latest button press (answerCallbackQuery). */
export async function lastCallbackAnswer(h: TFlowHarness, user: TgUser) {
  const mine = (await h.control.callbacks(h.emuBot.id)).filter((c) => c.user_id === user.id);
  return mine.at(-1);
}

/** Creates a flow with this document (or template) and publishes it. */
export async function publish(h: TFlowHarness, name: string, document: TFlowDocument | TFlowTemplate) {
  const flow = await createFlow({ botId: h.botId, name, template: typeof document === "string" ? document : "blank" }, null);
  if (typeof document !== "string") await saveDraft(flow!.id, { draft: document, baseRevision: 0 });
  await publishFlow(flow!.id, null);
  return flow!;
}

export async function userRow(h: TFlowHarness, user: TgUser) {
  return db().telegramUser.findUniqueOrThrow({
    where: { botId_telegramId: { botId: h.botId, telegramId: BigInt(user.id) } },
    select: { id: true, attributes: true, tags: { select: { appliedVia: true, appliedByRef: true, tag: { select: { name: true } } } } },
  });
}

/** The user's flow runs in this bot, oldest first. */
export async function runsOf(h: TFlowHarness, user: TgUser) {
  return db().flowRun.findMany({
    where: { botId: h.botId, chatId: BigInt(user.id) },
    orderBy: { startedAt: "asc" },
    select: { id: true, flowId: true, flowVersionId: true, nodeId: true, status: true, waiting: true, waitUntil: true, seq: true },
  });
}

/** The user's one waiting run (a delay or a question). */
export async function waitingRun(h: TFlowHarness, user: TgUser) {
  const waiting = (await runsOf(h, user)).filter((r) => r.status === "WAITING_DELAY" || r.status === "WAITING_REPLY");
  expect(waiting, "exactly one waiting run").toHaveLength(1);
  return waiting[0]!;
}

/** Moves a waiting run's deadline into the past, as if its delay or timeout had passed. */
export async function makeDue(runId: string): Promise<void> {
  await db().flowRun.update({ where: { id: runId }, data: { waitUntil: new Date(Date.now() - 1000) } });
}

/**
 * Runs a published flow for a known user from its (first) trigger, with the engine's
 * randomness and clock injected (what a trigger handler does, minus the matching).
 */
export async function runFlowDirect(h: TFlowHarness, flowId: string, user: TgUser, opts: { random?: () => number; now?: () => Date } = {}): Promise<void> {
  const [version, row, api] = await Promise.all([loadPublishedVersion(h.botId, flowId), loadUserByTelegramId(h.botId, user.id), botApi(h.botId)]);
  if (!version || !row || !api) throw new Error("the flow is not published, or the user or bot is unknown");
  const trigger = version.document.nodes.find((n) => TRIGGER_TYPES.has(n.type))!;
  await startAt(makeContext(h.botId, user.id, row, version, api, opts), trigger.id);
}

export async function events(h: TFlowHarness, user: TgUser, name: string) {
  const { id } = await userRow(h, user);
  return db().event.findMany({ where: { telegramUserId: id, name }, orderBy: { id: "asc" }, select: { properties: true } });
}
