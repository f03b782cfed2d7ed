// Intake step 2: turn stored updates into users, conversations, messages and events.
// Each update is applied atomically and exactly once, one chat's updates in update_id
// order. Idempotent: a processed update is never redone.
//
// How: a batch of jobs reads its updates and the earlier unprocessed updates of their
// chats, and applies each chat's updates oldest first. Applying an update claims its row
// (processedAt still NULL, with a row lock) in the transaction that applies it: a job that
// finds the row claimed waits for that transaction and then skips the row. So when a job
// moves on to a chat's next update, the previous one has been committed, by this job or
// another: a chat's order holds however the queue hands out the jobs (several lanes and
// workers at once), without a lock per chat.
//
// Cheap per update: a burst is processed by one worker's event loop and, on a small
// machine, every statement counts (a round trip, socket writes on both sides, planning).
// The chats of a batch advance together, one update each per round: the plain messages of
// a round are applied by one statement (claim, user, conversation, message, events and
// inbox event, for every chat at once), and so are its button clicks (claim, user, event);
// the rarer kinds, a message that asks for a person and the hand-off button, by a
// transaction each, with the model API.
import { db, Prisma, type TDb } from "../db/client";
import { parseUpdate, type TIncomingUpdate, type TParseResult, type TTelegramUser } from "./parse-update";
import { upsertTelegramUser, upsertTelegramUsersSql } from "./upsert-telegram-user";
import { cuid } from "./cuid";
import { log } from "../log";
import { INBOX_CHANNEL, publishInboxEvent, type TInboxEventKind } from "../realtime/publish";
import { toMessageView, type MESSAGE_SELECT } from "../inbox/list-messages";
import { previewOf } from "../inbox/touch-conversation";
import { requestHandoff } from "../inbox/handoff";
import { asksForHuman, getInboxSettings } from "../inbox/settings";
import { HANDOFF_BUTTON } from "./default-handlers";

type Tx = Prisma.TransactionClient;

export type TProcessed =
  | {
      status: "done";
      update: TIncomingUpdate;
      raw: unknown;
      botId: string;
      telegramUserId: string | null;
      /**
       * True when the chat's conversation had no assignee once its updates of this call were
       * applied, so the bot's replies are not paused (nobody handles the chat); false when it
       * had one or that is not known.
       */
      unassigned: boolean;
    }
  | { status: "skipped" }
  | { status: "failed"; error: string };

export type TProcessedRow = { rowId: string; result: TProcessed };

/** Applying an update failed: `processed` are the updates applied (and committed) before, or in other chats. */
export class IntakeError extends Error {
  constructor(
    readonly processed: TProcessedRow[],
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "IntakeError";
  }
}

type TRow = { id: bigint; botId: string; chatId: bigint | null; payload: unknown };

/**
 * What applying an update did to its conversation's assignee: read it (the message
 * statement returns it), may have changed it (a handoff may auto-assign), or neither.
 */
type TAssignee = { assigned: boolean } | "changed" | null;

type TApplied = { result: TProcessed; assignee: TAssignee };

type TMessageUpdate = Extract<TIncomingUpdate, { kind: "message" }>;
type TClickUpdate = Extract<TIncomingUpdate, { kind: "callback" }>;

/** A chat's updates still to apply, oldest first; how its conversation's assignee was left. */
type TChat = { rows: { row: TRow; parsed: TParseResult }[]; assignee: TAssignee; processed: TProcessedRow[]; failed: boolean };

/** Bot.lastUpdateAt is written at most this often; meanwhile this process skips the statement. */
const BOT_TOUCH_MS = 5000;
const botTouchedAt = new Map<string, number>();

/**
 * Processes stored updates (a batch of jobs), and first every earlier unprocessed update
 * of their chats, each chat in update_id order. Returns what this call processed, each
 * chat in order (an update that another job processed meanwhile is not in it). When an
 * update fails, its chat stops there and the other chats go on; then an IntakeError says
 * what was processed.
 */
export async function processUpdates(updateRowIds: readonly string[]): Promise<TProcessedRow[]> {
  const ids = [...new Set(updateRowIds)];
  const rows = await db().$queryRaw<(TRow & { updateId: bigint })[]>`
    SELECT "id", "botId", "chatId", "updateId", "payload" FROM "TelegramUpdate" WHERE "id" = ANY(${ids}::bigint[]) AND "processedAt" IS NULL
    UNION ALL
    SELECT t."id", t."botId", t."chatId", t."updateId", t."payload"
    FROM "TelegramUpdate" h
    JOIN "TelegramUpdate" t ON t."botId" = h."botId" AND t."chatId" = h."chatId" AND t."updateId" < h."updateId" AND t."processedAt" IS NULL
    WHERE h."id" = ANY(${ids}::bigint[]) AND h."processedAt" IS NULL
    ORDER BY "updateId"`;
  const chats = new Map<string, TChat>();
  const seen = new Set<bigint>();
  for (const row of rows) {
    if (seen.has(row.id)) continue; // an earlier update of two jobs of one chat
    seen.add(row.id);
    const key = row.chatId === null ? `row:${row.id}` : `${row.botId}:${row.chatId}`;
    let chat = chats.get(key);
    if (!chat) chats.set(key, (chat = { rows: [], assignee: null, processed: [], failed: false }));
    chat.rows.push({ row, parsed: parseUpdate(row.payload) });
  }
  let failure: { error: unknown } | null = null;
  const fail = (chat: TChat, error: unknown) => {
    chat.failed = true;
    failure ??= { error };
  };
  const bots = new Set<string>();
  const record = (chat: TChat, row: TRow, applied: TApplied | null) => {
    if (!applied) return;
    bots.add(row.botId);
    if (applied.assignee !== null) chat.assignee = applied.assignee;
    chat.processed.push({ rowId: row.id.toString(), result: applied.result });
  };
  // Rounds: every chat's oldest update still to apply.
  for (;;) {
    const round = [...chats.values()].flatMap((chat) => (chat.failed || chat.rows.length === 0 ? [] : [{ chat, ...chat.rows.shift()! }]));
    if (round.length === 0) break;
    const keywords = (await getInboxSettings()).handoffKeywords;
    const plain: { chat: TChat; row: TRow; update: TMessageUpdate }[] = [];
    const clicks: { chat: TChat; row: TRow; update: TClickUpdate }[] = [];
    const others: typeof round = [];
    const users = new Set<string>();
    for (const item of round) {
      const u = item.parsed.ok ? item.parsed.update : null;
      const isPlain = u?.kind === "message" && (u.command || !asksForHuman(u.text, keywords));
      const isClick = u?.kind === "callback" && u.data !== HANDOFF_BUTTON;
      if (!u || (!isPlain && !isClick) || (u.kind !== "message" && u.kind !== "callback")) {
        others.push(item);
        continue;
      }
      // A statement writes each user once (a user has one private chat; this is a guard).
      const user = `${u.kind}:${item.row.botId}:${u.from.id}`;
      if (users.has(user)) {
        item.chat.rows.unshift({ row: item.row, parsed: item.parsed });
        continue;
      }
      users.add(user);
      if (u.kind === "message") plain.push({ chat: item.chat, row: item.row, update: u });
      else clicks.push({ chat: item.chat, row: item.row, update: u });
    }
    /** One statement for the kind's items of the round; when it fails, one at a time, so that a failing update stops only its own chat. */
    const applyAll = async <T extends { chat: TChat }>(items: T[], what: string, apply: (batch: T[]) => Promise<void>) => {
      if (items.length === 0) return;
      try {
        await apply(items);
      } catch (e) {
        if (items.length === 1) return fail(items[0]!.chat, e);
        log.warn(`intake: a statement for several ${what} failed; applying them one by one`, { error: e instanceof Error ? e.message : String(e) });
        for (const item of items) await apply([item]).catch((error: unknown) => fail(item.chat, error));
      }
    };
    await applyAll(plain, "messages", async (batch) => {
      const applied = await applyMessages(db(), batch);
      for (const { chat, row, update } of batch) {
        const a = applied.get(row.id.toString());
        record(chat, row, a ? { result: done(row, update, a.userId), assignee: { assigned: a.assigned } } : null);
      }
    });
    await applyAll(clicks, "button clicks", async (batch) => {
      const applied = await applyClickUpdates(db(), batch);
      for (const { chat, row, update } of batch) {
        const userId = applied.get(row.id.toString());
        record(chat, row, userId ? { result: done(row, update, userId), assignee: null } : null);
      }
    });
    for (const item of others) {
      try {
        record(item.chat, item.row, await processOne(item.row, item.parsed));
      } catch (error) {
        fail(item.chat, error);
      }
    }
  }
  const out: TProcessedRow[] = [];
  for (const chat of chats.values()) {
    const assignee = chat.assignee;
    const unassigned = assignee !== null && assignee !== "changed" && !assignee.assigned;
    for (const p of chat.processed) {
      if (p.result.status === "done") p.result.unassigned = unassigned;
      out.push(p);
    }
  }
  for (const botId of bots) {
    await touchBot(botId).catch((e: unknown) => log.warn("intake: could not note the bot's last update", { botId, error: e instanceof Error ? e.message : String(e) }));
  }
  if (failure) throw new IntakeError(out, (failure as { error: unknown }).error);
  return out;
}

/** Processes a stored update, and first every earlier unprocessed update of its chat, in update_id order. */
export async function processUpdateInOrder(updateRowId: string): Promise<TProcessedRow[]> {
  return processUpdates([updateRowId]);
}

/** Processes one stored update (after any earlier ones of its chat); "skipped" when already done. */
export async function processUpdate(updateRowId: string): Promise<TProcessed> {
  const rows = await processUpdateInOrder(updateRowId);
  return rows.find((r) => r.rowId === updateRowId)?.result ?? { status: "skipped" };
}

/** At most every few seconds: writing the bot row on every update would make its updates queue behind one row lock. */
async function touchBot(botId: string): Promise<void> {
  if (Date.now() - (botTouchedAt.get(botId) ?? 0) < BOT_TOUCH_MS) return;
  const now = new Date();
  await db().$executeRaw`
    UPDATE "Bot" SET "lastUpdateAt" = ${now}::timestamp(3)
    WHERE "id" = ${botId} AND ("lastUpdateAt" IS NULL OR "lastUpdateAt" < ${new Date(now.getTime() - BOT_TOUCH_MS)}::timestamp(3))`;
  botTouchedAt.set(botId, Date.now());
}

function done(row: TRow, update: TIncomingUpdate, telegramUserId: string | null): TProcessed {
  return { status: "done", update, raw: row.payload, botId: row.botId, telegramUserId, unassigned: false };
}

/** Applies one update that is not a plain message, atomically; null when it was already processed (by another job). */
async function processOne(row: TRow, parsed: TParseResult): Promise<TApplied | null> {
  if (!parsed.ok) {
    const marked = await db().$executeRaw`
      UPDATE "TelegramUpdate" SET "processedAt" = clock_timestamp() AT TIME ZONE 'UTC', "error" = ${parsed.error}
      WHERE "id" = ${row.id} AND "processedAt" IS NULL`;
    if (marked === 0) return null;
    log.warn("intake: malformed update acknowledged", { updateRowId: row.id.toString(), error: parsed.error });
    return { result: { status: "failed", error: parsed.error }, assignee: null };
  }
  const u = parsed.update;
  if (u.kind === "ignored") {
    const marked = await db().$executeRaw`
      UPDATE "TelegramUpdate" SET "processedAt" = clock_timestamp() AT TIME ZONE 'UTC' WHERE "id" = ${row.id} AND "processedAt" IS NULL`;
    return marked === 0 ? null : { result: done(row, u, null), assignee: null };
  }
  return db().$transaction(async (tx): Promise<TApplied | null> => {
    const claimed = await tx.$queryRaw<{ id: bigint }[]>`SELECT "id" FROM "TelegramUpdate" WHERE "id" = ${row.id} AND "processedAt" IS NULL FOR UPDATE`;
    if (claimed.length === 0) return null;
    if (u.kind === "message") {
      // A message that asks for a person: the message and the handoff together.
      const applied = (await applyMessages(tx, [{ row, update: u }])).get(row.id.toString());
      if (!applied) throw new Error("intake: a claimed update was not applied");
      const changed = await requestHandoff(tx, applied.conversationId, "keyword");
      return { result: done(row, u, applied.userId), assignee: changed ? "changed" : { assigned: applied.assigned } };
    }
    const applied = await apply(tx, row.botId, u);
    await tx.$executeRaw`UPDATE "TelegramUpdate" SET "processedAt" = clock_timestamp() AT TIME ZONE 'UTC' WHERE "id" = ${row.id}`;
    return { result: done(row, u, applied.telegramUserId), assignee: applied.assignee };
  });
}

async function apply(tx: Tx, botId: string, u: Extract<TIncomingUpdate, { kind: "callback" | "member" }>): Promise<{ telegramUserId: string; assignee: TAssignee }> {
  switch (u.kind) {
    case "callback": {
      const user = await upsertTelegramUser(tx, botId, u.from, u.date);
      await tx.event.create({
        data: { botId, telegramUserId: user.id, name: "button_click", occurredAt: u.date, properties: { data: u.data, message_id: u.messageId } },
      });
      if (u.data === HANDOFF_BUTTON && u.chatId !== null) {
        const conversation = await tx.conversation.findUnique({ where: { botId_chatId: { botId, chatId: BigInt(u.chatId) } }, select: { id: true } });
        if (conversation && (await requestHandoff(tx, conversation.id, "button"))) return { telegramUserId: user.id, assignee: "changed" };
      }
      return { telegramUserId: user.id, assignee: null };
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
      return { telegramUserId: user.id, assignee: null };
    }
  }
}

const MESSAGE_CREATED: TInboxEventKind = "message.created";

/** The sender's profile columns, as the statements' input (upsertTelegramUsersSql). */
function profileOf(from: TTelegramUser) {
  return {
    telegramId: String(from.id),
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    username: from.username ?? null,
    languageCode: from.language_code ?? null,
    isPremium: from.is_premium ?? false,
  };
}

/**
 * CTEs over the input `i` (with "rowId"): `ci`, the input rows whose update this statement
 * claimed (processedAt still NULL, locked in id order: two lanes may try the same rows
 * without a deadlock; a claim waits for a transaction that holds the row, then sees its
 * outcome). A row already processed is left out.
 */
const CLAIM_INPUT_ROWS = Prisma.sql`
    locked AS (
      SELECT t."id" FROM "TelegramUpdate" t WHERE t."id" IN (SELECT "rowId" FROM i) AND t."processedAt" IS NULL
      ORDER BY t."id" FOR UPDATE
    ),
    claimed AS (
      UPDATE "TelegramUpdate" t SET "processedAt" = clock_timestamp() AT TIME ZONE 'UTC'
      FROM locked WHERE t."id" = locked."id"
      RETURNING t."id"
    ),
    ci AS (SELECT i.* FROM i JOIN claimed ON claimed."id" = i."rowId")`;

/**
 * One statement for messages of different chats and users: claims each row (a row already
 * processed is left out of the result), then writes each user (a /start payload becomes
 * the source of a user who has none), conversation (a new message reopens a closed one and
 * counts as unread), message, events (`start` says whether the user is new) and
 * message.created inbox event. Keyed by row id.
 */
async function applyMessages(q: Tx | TDb, messages: readonly { row: TRow; update: TMessageUpdate }[]) {
  const input = messages.map(({ row, update: u }, ord) => {
    const events: { name: string; properties: Record<string, unknown> }[] = [
      { name: "message_received", properties: { length: u.text?.length ?? 0, media: u.media?.kind ?? null } },
    ];
    if (u.command) {
      events.push({ name: "command", properties: { command: u.command.name, payload: u.command.payload } });
      // "first" (is the user new) is added by the statement.
      if (u.command.name === "start") events.push({ name: "start", properties: { payload: u.command.payload } });
    }
    const message: Prisma.MessageGetPayload<{ select: typeof MESSAGE_SELECT }> = {
      id: cuid(),
      conversationId: "", // set by the statement
      direction: "IN",
      text: u.text,
      media: (u.media ? JSON.parse(JSON.stringify(u.media)) : null) as Prisma.JsonValue,
      buttons: null,
      deliveryState: "RECEIVED",
      failureReason: null,
      isNote: false,
      clientId: null,
      createdAt: u.date,
      sentAt: null,
      telegramMessageId: u.messageId,
      senderStaff: null,
    };
    return {
      ord,
      rowId: row.id.toString(),
      botId: row.botId,
      chatId: String(u.chatId),
      userId: cuid(),
      conversationId: cuid(),
      messageId: message.id,
      ...profileOf(u.from),
      date: u.date.toISOString(),
      preview: previewOf(u.text, u.media),
      text: u.text,
      media: u.media,
      telegramMessageId: u.messageId,
      source: u.command?.name === "start" ? u.command.payload : null,
      events,
      payload: { message: toMessageView(message) },
    };
  });
  // The list shows the newest message. Telegram dates are whole seconds, so a message
  // dated within the same second as the newest one (e.g. a bot reply recorded a few ms
  // before it) still counts as newer; an older one (a late backlog) does not.
  // The rows are claimed as CLAIM_INPUT_ROWS says.
  // Inbox events are written as publishInboxEvent writes them (lib/realtime/publish.ts):
  // the row, then its NOTIFY, in a statement whose INSERT takes the write lock on
  // InboxEvent before the ids are drawn; consoles see them on commit.
  const rows = await q.$queryRaw<{ rowId: string; conversationId: string; userId: string; assigned: boolean }[]>`
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(
        "ord" int, "rowId" bigint, "botId" text, "chatId" bigint, "userId" text, "conversationId" text, "messageId" text,
        "telegramId" bigint, "firstName" text, "lastName" text, "username" text, "languageCode" text, "isPremium" boolean,
        "date" timestamp(3), "preview" text, "text" text, "media" jsonb, "telegramMessageId" int, "source" text, "events" jsonb, "payload" jsonb)
    ),
    ${CLAIM_INPUT_ROWS},
    u AS (${upsertTelegramUsersSql(Prisma.sql`
      SELECT "userId" AS "id", "botId", "telegramId", "firstName", "lastName", "username", "languageCode", "isPremium", "date" AS "seenAt", "source" FROM ci`)}),
    cu AS (SELECT ci.*, u."id" AS "uid", u."id" = ci."userId" AS "isNew" FROM ci JOIN u ON u."botId" = ci."botId" AND u."telegramId" = ci."telegramId"),
    c AS (
      INSERT INTO "Conversation" AS c
        ("id", "botId", "telegramUserId", "chatId", "status", "lastMessageAt", "lastMessagePreview", "lastMessageDirection", "unreadCount", "createdAt")
      SELECT cu."conversationId", cu."botId", cu."uid", cu."chatId", 'OPEN'::"ConversationStatus", cu."date", cu."preview", 'IN'::"MessageDirection", 1,
        now() AT TIME ZONE 'UTC'
      FROM cu
      ON CONFLICT ("botId", "chatId") DO UPDATE SET
        "unreadCount" = c."unreadCount" + 1, "status" = 'OPEN'::"ConversationStatus", "closedAt" = NULL,
        "lastMessageAt" = CASE WHEN c."lastMessageAt" < EXCLUDED."lastMessageAt" + interval '1 second' THEN GREATEST(c."lastMessageAt", EXCLUDED."lastMessageAt") ELSE c."lastMessageAt" END,
        "lastMessagePreview" = CASE WHEN c."lastMessageAt" < EXCLUDED."lastMessageAt" + interval '1 second' THEN EXCLUDED."lastMessagePreview" ELSE c."lastMessagePreview" END,
        "lastMessageDirection" = CASE WHEN c."lastMessageAt" < EXCLUDED."lastMessageAt" + interval '1 second' THEN EXCLUDED."lastMessageDirection" ELSE c."lastMessageDirection" END
      RETURNING c."id", c."botId", c."chatId", c."assigneeId"
    ),
    cc AS (SELECT cu.*, c."id" AS "cid", c."assigneeId" FROM cu JOIN c ON c."botId" = cu."botId" AND c."chatId" = cu."chatId"),
    m AS (
      INSERT INTO "Message" ("id", "conversationId", "direction", "telegramMessageId", "text", "media", "deliveryState", "isNote", "createdAt")
      SELECT cc."messageId", cc."cid", 'IN'::"MessageDirection", cc."telegramMessageId", cc."text", cc."media", 'RECEIVED'::"DeliveryState", false, cc."date"
      FROM cc
    ),
    e AS (
      INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
      SELECT cc."botId", cc."uid", x.ev->>'name',
        CASE WHEN x.ev->>'name' = 'start' THEN (x.ev->'properties') || jsonb_build_object('first', cc."isNew") ELSE x.ev->'properties' END,
        cc."date"
      FROM cc CROSS JOIN LATERAL jsonb_array_elements(cc."events") WITH ORDINALITY AS x(ev, n)
      ORDER BY cc."ord", x.n
    ),
    ie AS (
      INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
      SELECT ${MESSAGE_CREATED}::text, cc."cid", jsonb_set(cc."payload", '{message,conversationId}', to_jsonb(cc."cid")), now() AT TIME ZONE 'UTC'
      FROM cc
      ORDER BY cc."ord"
      RETURNING "id", "conversationId"
    )
    SELECT cc."rowId"::text AS "rowId", cc."cid" AS "conversationId", cc."uid" AS "userId", cc."assigneeId" IS NOT NULL AS "assigned",
      pg_notify(${INBOX_CHANNEL}, ie."id"::text)::text AS "notified"
    FROM cc JOIN ie ON ie."conversationId" = cc."cid"`;
  return new Map(rows.map((r) => [r.rowId, r]));
}

/**
 * One statement for button clicks of different chats and users (not the hand-off button):
 * claims each row as applyMessages does, writes each user and a button_click event. Keyed
 * by row id: the user's id (a row already processed is left out).
 */
async function applyClickUpdates(q: Tx | TDb, clicks: readonly { row: TRow; update: TClickUpdate }[]): Promise<Map<string, string>> {
  const input = clicks.map(({ row, update: u }, ord) => ({
    ord,
    rowId: row.id.toString(),
    botId: row.botId,
    userId: cuid(),
    ...profileOf(u.from),
    date: u.date.toISOString(),
    properties: { data: u.data, message_id: u.messageId },
  }));
  const rows = await q.$queryRaw<{ rowId: string; userId: string }[]>`
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(
        "ord" int, "rowId" bigint, "botId" text, "userId" text, "telegramId" bigint, "firstName" text, "lastName" text, "username" text,
        "languageCode" text, "isPremium" boolean, "date" timestamp(3), "properties" jsonb)
    ),
    ${CLAIM_INPUT_ROWS},
    u AS (${upsertTelegramUsersSql(Prisma.sql`
      SELECT "userId" AS "id", "botId", "telegramId", "firstName", "lastName", "username", "languageCode", "isPremium", "date" AS "seenAt", NULL::text AS "source" FROM ci`)}),
    cu AS (SELECT ci.*, u."id" AS "uid" FROM ci JOIN u ON u."botId" = ci."botId" AND u."telegramId" = ci."telegramId"),
    e AS (
      INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
      SELECT cu."botId", cu."uid", 'button_click', cu."properties", cu."date" FROM cu ORDER BY cu."ord"
    )
    SELECT cu."rowId"::text AS "rowId", cu."uid" AS "userId" FROM cu`;
  return new Map(rows.map((r) => [r.rowId, r.userId]));
}
