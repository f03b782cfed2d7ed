// Intake step 2: turn a stored update into users, conversations, messages and
// events, in one transaction. Idempotent: a processed update is never redone.
import { db, type Prisma } from "../db/client";
import { parseUpdate, type TIncomingUpdate } from "./parse-update";
import { upsertTelegramUser } from "./upsert-telegram-user";
import { log } from "../log";
import { publishInboxEvent } from "../realtime/publish";
import { MESSAGE_SELECT, toMessageView } from "../inbox/list-messages";
import { previewOf } from "../inbox/touch-conversation";
import { requestHandoff } from "../inbox/handoff";
import { asksForHuman, getInboxSettings } from "../inbox/settings";
import { HANDOFF_BUTTON } from "./default-handlers";

type Tx = Prisma.TransactionClient;

export type TProcessed = { status: "done"; update: TIncomingUpdate; raw: unknown; botId: string; telegramUserId: string | null } | { status: "skipped" } | { status: "failed"; error: string };

export type TProcessedRow = { rowId: string; result: TProcessed };

/**
 * Processes a stored update, and first every earlier unprocessed update of the same
 * chat: one chat's updates are applied in update_id order, however the queue hands
 * them out (several lanes and workers run at once). Returns what was processed, in order.
 */
export async function processUpdateInOrder(updateRowId: string): Promise<TProcessedRow[]> {
  const id = BigInt(updateRowId);
  return db().$transaction(async (tx) => {
    const heads = await tx.$queryRaw<{ botId: string; chatId: bigint | null; updateId: bigint }[]>`
      SELECT "botId", "chatId", "updateId" FROM "TelegramUpdate" WHERE "id" = ${id} AND "processedAt" IS NULL`;
    const head = heads[0];
    if (!head) return [];
    let rows: { id: bigint; botId: string; payload: unknown }[];
    if (head.chatId !== null) {
      // One chat at a time; whoever holds the lock processes the chat's backlog in order.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${head.botId}:${head.chatId}`}, 0))::text`;
      rows = await tx.$queryRaw`
        SELECT "id", "botId", "payload" FROM "TelegramUpdate"
        WHERE "botId" = ${head.botId} AND "chatId" = ${head.chatId} AND "updateId" <= ${head.updateId} AND "processedAt" IS NULL
        ORDER BY "updateId"
        FOR UPDATE`;
    } else {
      rows = await tx.$queryRaw`
        SELECT "id", "botId", "payload" FROM "TelegramUpdate"
        WHERE "id" = ${id} AND "processedAt" IS NULL
        FOR UPDATE SKIP LOCKED`;
    }
    const out: TProcessedRow[] = [];
    for (const row of rows) out.push({ rowId: row.id.toString(), result: await processRow(tx, row) });
    if (out.length > 0) {
      // At most every few seconds: writing the bot row on every update would make all of
      // its updates queue behind one row lock.
      await tx.bot.updateMany({
        where: { id: head.botId, OR: [{ lastUpdateAt: null }, { lastUpdateAt: { lt: new Date(Date.now() - 5000) } }] },
        data: { lastUpdateAt: new Date() },
      });
    }
    return out;
  });
}

/** Processes one stored update (after any earlier ones of its chat); "skipped" when already done. */
export async function processUpdate(updateRowId: string): Promise<TProcessed> {
  const rows = await processUpdateInOrder(updateRowId);
  return rows.find((r) => r.rowId === updateRowId)?.result ?? { status: "skipped" };
}

async function processRow(tx: Tx, row: { id: bigint; botId: string; payload: unknown }): Promise<TProcessed> {
  const parsed = parseUpdate(row.payload);
  if (!parsed.ok) {
    log.warn("intake: malformed update acknowledged", { updateRowId: row.id.toString(), error: parsed.error });
    await tx.telegramUpdate.update({ where: { id: row.id }, data: { processedAt: new Date(), error: parsed.error } });
    return { status: "failed", error: parsed.error };
  }
  const telegramUserId = await apply(tx, row.botId, parsed.update);
  await tx.telegramUpdate.update({ where: { id: row.id }, data: { processedAt: new Date() } });
  return { status: "done", update: parsed.update, raw: row.payload, botId: row.botId, telegramUserId };
}

async function apply(tx: Tx, botId: string, u: TIncomingUpdate): Promise<string | null> {
  switch (u.kind) {
    case "ignored":
      return null;
    case "message":
      return applyMessage(tx, botId, u);
    case "callback": {
      const user = await upsertTelegramUser(tx, botId, u.from, u.date);
      await tx.event.create({
        data: { botId, telegramUserId: user.id, name: "button_click", occurredAt: u.date, properties: { data: u.data, message_id: u.messageId } },
      });
      if (u.data === HANDOFF_BUTTON && u.chatId !== null) {
        const conversation = await tx.conversation.findUnique({ where: { botId_chatId: { botId, chatId: BigInt(u.chatId) } }, select: { id: true } });
        if (conversation) await requestHandoff(tx, conversation.id, "button");
      }
      return user.id;
    }
    case "member": {
      const user = await upsertTelegramUser(tx, botId, u.from, u.date);
      const blocked = u.status === "kicked";
      if (blocked || u.status === "member") {
        await tx.telegramUser.update({ where: { id: user.id }, data: { blockedAt: blocked ? u.date : null } });
        const conversation = await tx.conversation.findUnique({ where: { botId_chatId: { botId, chatId: BigInt(u.chatId) } }, select: { id: true } });
        if (conversation) {
          await publishInboxEvent(tx, { kind: "conversation.updated", conversationId: conversation.id, payload: { reason: blocked ? "blocked" : "unblocked" } });
        }
        await tx.event.create({
          data: { botId, telegramUserId: user.id, name: blocked ? "bot_blocked" : "bot_unblocked", occurredAt: u.date, properties: {} },
        });
      }
      return user.id;
    }
  }
}

async function applyMessage(tx: Tx, botId: string, u: Extract<TIncomingUpdate, { kind: "message" }>) {
  const user = await upsertTelegramUser(tx, botId, u.from, u.date);
  const chatId = BigInt(u.chatId);
  const preview = previewOf(u.text, u.media);
  // A new message reopens a closed conversation and counts as unread.
  const conversation = await tx.conversation.upsert({
    where: { botId_chatId: { botId, chatId } },
    create: { botId, chatId, telegramUserId: user.id, lastMessageAt: u.date, lastMessagePreview: preview, lastMessageDirection: "IN", unreadCount: 1 },
    update: { unreadCount: { increment: 1 }, status: "OPEN", closedAt: null },
    select: { id: true },
  });
  // The list shows the newest message. Telegram dates are whole seconds, so a message
  // dated within the same second as the newest one (e.g. a bot reply recorded a few
  // ms before it) still counts as newer; an older one (a late backlog) does not.
  await tx.$executeRaw`
    UPDATE "Conversation"
    SET "lastMessageAt" = GREATEST("lastMessageAt", ${u.date}), "lastMessagePreview" = ${preview}, "lastMessageDirection" = 'IN'
    WHERE "id" = ${conversation.id} AND "lastMessageAt" < ${new Date(u.date.getTime() + 1000)}`;
  const message = await tx.message.create({
    data: {
      conversationId: conversation.id,
      direction: "IN",
      telegramMessageId: u.messageId,
      text: u.text,
      media: u.media ?? undefined,
      deliveryState: "RECEIVED",
      createdAt: u.date,
    },
    select: MESSAGE_SELECT,
  });
  await publishInboxEvent(tx, { kind: "message.created", conversationId: conversation.id, payload: { message: toMessageView(message) } });
  if (!u.command && asksForHuman(u.text, (await getInboxSettings()).handoffKeywords)) await requestHandoff(tx, conversation.id, "keyword");
  const events: Prisma.EventCreateManyInput[] = [
    { botId, telegramUserId: user.id, name: "message_received", occurredAt: u.date, properties: { length: u.text?.length ?? 0, media: u.media?.kind ?? null } },
  ];
  if (u.command) {
    events.push({ botId, telegramUserId: user.id, name: "command", occurredAt: u.date, properties: { command: u.command.name, payload: u.command.payload } });
    if (u.command.name === "start") {
      const payload = u.command.payload;
      events.push({ botId, telegramUserId: user.id, name: "start", occurredAt: u.date, properties: { payload, first: user.isNew } });
      if (payload && !user.source) {
        await tx.telegramUser.update({ where: { id: user.id }, data: { source: payload, sourceAt: u.date } });
      }
    }
  }
  await tx.event.createMany({ data: events });
  return user.id;
}
