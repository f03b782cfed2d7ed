// The live-chat inbox and manual tagging against real PostgreSQL and the Bot API
// emulator (in-process): intake → conversation list columns and events, filters and
// keyset pagination, who sees what, replies stored once and delivered once, blocked
// users, notes, assignment history, tags.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "./helpers";
import { db, type Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { TStaffSession } from "@/lib/auth/session";
import { createStaff } from "@/lib/staff/create-staff";
import { createStreamFilter } from "@/lib/inbox/stream-filter";
import { sendPhoto } from "@/lib/inbox/send-photo";
import { readUpload } from "@/lib/inbox/read-upload";
import { asksForHuman, saveInboxSettings } from "@/lib/inbox/settings";
import { botRepliesPaused } from "@/lib/inbox/handoff";
import { sendTyping } from "@/lib/inbox/send-typing";
import { createCannedReply, deleteCannedReply, listCannedReplies } from "@/lib/inbox/canned-replies";
import { ZSendPhoto } from "@/lib/inbox/schemas";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import type { TgUpdate, TgUser } from "@/lib/emulator/types";
import { updateKind } from "@/lib/telegram/parse-update";
import { processUpdate } from "@/lib/telegram/process-update";
import { listConversations, countConversations } from "@/lib/inbox/list-conversations";
import { getConversation } from "@/lib/inbox/get-conversation";
import { listMessages } from "@/lib/inbox/list-messages";
import { sendMessage } from "@/lib/inbox/send-message";
import { deliverMessage } from "@/lib/inbox/deliver-message";
import { updateConversation } from "@/lib/inbox/update-conversation";
import { ZCannedReply, ZListConversations, ZSendMessage, ZUpdateConversation, type TListConversations } from "@/lib/inbox/schemas";
import { applyTag } from "@/lib/tags/apply-tag";
import { createTag } from "@/lib/tags/create-tag";
import { listTags } from "@/lib/tags/list-tags";
import { ZApplyTag, ZBulkTag } from "@/lib/tags/schemas";

useTestDatabase();

let emulator: RunningEmulator;
let control: EmulatorControl;
let emuBot: BotView;
let botId = "";
let admin: TStaffSession;
let manager: TStaffSession;
let marketer: TStaffSession;
let agentA: TStaffSession;
let agentB: TStaffSession;

async function staff(role: TStaffSession["role"], name: string): Promise<TStaffSession> {
  const s = await createStaff({ email: `${name.toLowerCase().replace(/\W+/g, ".")}@inbox.test`, name, role, password: "inbox-password-123" });
  return { id: s.id, role: s.role, name: s.name, email: s.email };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  emuBot = await control.createBot({ username: "inbox_test_bot", first_name: "Inbox Test" });
  const bot = await db().bot.create({
    data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: emuBot.first_name, token: emuBot.token, apiRoot: emulator.url, webhookSecret: "inbox-secret-0123456789" },
  });
  botId = bot.id;
  admin = await staff("ADMIN", "Ada Admin");
  manager = await staff("MANAGER", "Mona Manager");
  marketer = await staff("MARKETER", "Mark Marketer");
  agentA = await staff("AGENT", "Alice Agent");
  agentB = await staff("AGENT", "Bob Agent");
});

afterAll(async () => {
  await emulator?.close();
});

// ---------------------------------------------------------------- helpers

/** Intake as the poller would do it: the emulator's update, stored once, then processed. */
async function ingest(updateId: number | null): Promise<void> {
  expect(updateId, "the emulator emitted an update").not.toBeNull();
  const update = (await control.pendingUpdates(emuBot.id)).find((u) => u.update_id === updateId) as TgUpdate | undefined;
  expect(update, `update ${updateId} is waiting on the emulator`).toBeDefined();
  const row = await db().telegramUpdate.create({
    data: { botId, updateId: BigInt(update!.update_id), kind: updateKind(update as unknown as Record<string, unknown>), payload: update as unknown as Prisma.InputJsonValue },
  });
  const result = await processUpdate(row.id.toString());
  expect(result.status).toBe("done");
}

let userSeq = 0;
/** A simulated Telegram user who started the bot (and Tagflow has processed the /start). */
async function newUser(extra: Partial<{ first_name: string; last_name: string; username: string }> = {}): Promise<TgUser> {
  userSeq++;
  const user = await control.createUser({ first_name: extra.first_name ?? `Sim${userSeq}`, last_name: extra.last_name, username: extra.username ?? `sim_user_${userSeq}`, language_code: "en" });
  await ingest((await control.start(user.id, { bot_id: emuBot.id })).update_id);
  return user;
}

async function say(user: TgUser, text: string): Promise<void> {
  await ingest((await control.message(user.id, { bot_id: emuBot.id, text })).update_id);
}

async function conversationOf(user: TgUser) {
  return db().conversation.findUniqueOrThrow({ where: { botId_chatId: { botId, chatId: BigInt(user.id) } } });
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, but the call succeeded");
}

const list = (who: TStaffSession, q: Partial<TListConversations> = {}) => listConversations(who, ZListConversations.parse({ limit: 100, ...q }));
const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

let clientSeq = 0;
const clientId = () => `it-client-${++clientSeq}-${Date.now().toString(36)}`;
const reply = (who: TStaffSession, conversationId: string, text: string, extra: { clientId?: string; note?: boolean } = {}) =>
  sendMessage(who, conversationId, ZSendMessage.parse({ clientId: extra.clientId ?? clientId(), text, note: extra.note ?? false }));

async function inboxEvents(conversationId: string, kind?: string) {
  return db().inboxEvent.findMany({ where: { conversationId, ...(kind ? { kind } : {}) }, orderBy: { id: "asc" } });
}

async function deliveryJobs(messageId: string): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'inbox.deliver-message' AND data->>'messageId' = ${messageId}`;
  return Number(rows[0]!.n);
}

/** Texts the emulator accepted from the bot for this chat. */
async function sentTexts(user: TgUser): Promise<string[]> {
  return (await control.sent(emuBot.id, user.id)).map((m) => m.text ?? "");
}

/** A conversation written straight into the database (list tests need many, with chosen times). */
let seedSeq = 5_000_000;
async function seedConversation(o: { firstName: string; lastName?: string; username?: string; texts?: string[]; at: Date; assigneeId?: string | null; status?: "OPEN" | "CLOSED" }) {
  const tgId = BigInt(++seedSeq);
  const user = await db().telegramUser.create({ data: { botId, telegramId: tgId, firstName: o.firstName, lastName: o.lastName, username: o.username } });
  const texts = o.texts ?? ["hello"];
  const conversation = await db().conversation.create({
    data: {
      botId, chatId: tgId, telegramUserId: user.id, lastMessageAt: o.at, lastMessagePreview: texts.at(-1), lastMessageDirection: "IN",
      assigneeId: o.assigneeId ?? null, status: o.status ?? "OPEN", closedAt: o.status === "CLOSED" ? o.at : null, unreadCount: texts.length,
    },
  });
  for (const [i, text] of texts.entries()) {
    await db().message.create({ data: { conversationId: conversation.id, direction: "IN", text, deliveryState: "RECEIVED", createdAt: new Date(o.at.getTime() - (texts.length - i) * 1000) } });
  }
  return conversation.id;
}

// ---------------------------------------------------------------- intake

describe("intake of inbound messages", () => {
  it("updates the conversation's preview, unread count and time, and publishes message.created", async () => {
    const user = await newUser({ first_name: "Ingrid", username: "ingrid_intake" });
    let c = await conversationOf(user);
    expect(c).toMatchObject({ lastMessagePreview: "/start", lastMessageDirection: "IN", unreadCount: 1, status: "OPEN", assigneeId: null });

    const before = Date.now();
    await say(user, "  Hello\n\nthere,   how are you?  ");
    c = await conversationOf(user);
    expect(c.lastMessagePreview).toBe("Hello there, how are you?");
    expect(c.lastMessageDirection).toBe("IN");
    expect(c.unreadCount).toBe(2);
    // The message's Telegram date (whole seconds), not the time it was processed.
    expect(c.lastMessageAt.getTime() % 1000).toBe(0);
    expect(Math.abs(c.lastMessageAt.getTime() - before)).toBeLessThan(5_000);

    const created = await inboxEvents(c.id, "message.created");
    expect(created).toHaveLength(2);
    const payload = created[1]!.payload as { message: { text: string; direction: string; state: string; conversationId: string; id: string } };
    expect(payload.message).toMatchObject({ text: "  Hello\n\nthere,   how are you?  ", direction: "in", state: "received", conversationId: c.id });
    const stored = await db().message.findUniqueOrThrow({ where: { id: payload.message.id } });
    expect(stored).toMatchObject({ direction: "IN", deliveryState: "RECEIVED", telegramMessageId: expect.any(Number) });
  });

  it("cuts the preview to 200 characters (code points) and reopens a closed conversation", async () => {
    const user = await newUser();
    const c = await conversationOf(user);
    await updateConversation(manager, c.id, { status: "closed" });
    expect((await conversationOf(user)).status).toBe("CLOSED");

    await say(user, "😀".repeat(250));
    const after = await conversationOf(user);
    expect([...after.lastMessagePreview!]).toHaveLength(200);
    expect(after.lastMessagePreview).toBe("😀".repeat(200));
    expect(after.status).toBe("OPEN");
    expect(after.closedAt).toBeNull();
    expect(after.unreadCount).toBe(2);
  });

  it("a new user's first updates processed at the same time (two intake workers) both land in one conversation", async () => {
    for (let round = 0; round < 5; round++) {
      const user = await control.createUser({ first_name: `Twin${round}` });
      const start = await control.start(user.id, { bot_id: emuBot.id });
      const hello = await control.message(user.id, { bot_id: emuBot.id, text: `hello ${round}` });
      const pending = await control.pendingUpdates(emuBot.id);
      const rows = await Promise.all(
        [start.update_id, hello.update_id].map((id) => {
          const u = pending.find((p) => p.update_id === id)!;
          return db().telegramUpdate.create({ data: { botId, updateId: BigInt(id!), kind: updateKind(u as unknown as Record<string, unknown>), payload: u as unknown as Prisma.InputJsonValue } });
        }),
      );
      const results = await Promise.all(rows.map((r) => processUpdate(r.id.toString())));
      expect(results.map((r) => r.status)).toEqual(["done", "done"]);
      const c = await conversationOf(user);
      expect(c.unreadCount).toBe(2);
      expect(await db().message.count({ where: { conversationId: c.id } })).toBe(2);
      expect(await db().telegramUser.count({ where: { botId, telegramId: BigInt(user.id) } })).toBe(1);
      const starts = await db().event.findMany({ where: { telegramUserId: c.telegramUserId, name: "start" } });
      expect(starts).toHaveLength(1);
    }
  });

  it("a user blocking the bot marks them blocked and tells open consoles", async () => {
    const user = await newUser();
    const c = await conversationOf(user);
    await ingest((await control.block(user.id, emuBot.id)).update_id);
    const row = await db().telegramUser.findUniqueOrThrow({ where: { id: c.telegramUserId } });
    expect(row.blockedAt).not.toBeNull();
    const updated = await inboxEvents(c.id, "conversation.updated");
    expect(updated.map((e) => e.payload)).toEqual([{ reason: "blocked" }]);
    expect((await getConversation(manager, c.id)).user.blocked).toBe(true);
  });
});

// ---------------------------------------------------------------- list

describe("conversation list", () => {
  const t = (min: number) => new Date(Date.UTC(2026, 0, 10, 12, min, 0));
  let mineA = "";
  let mineB = "";
  let free = "";
  let closed = "";
  let byText = "";

  beforeAll(async () => {
    mineA = await seedConversation({ firstName: "Flora", lastName: "Filterson", username: "flora_f", at: t(1), assigneeId: agentA.id });
    mineB = await seedConversation({ firstName: "Fred", username: "fred_filter", at: t(2), assigneeId: agentB.id });
    free = await seedConversation({ firstName: "Fiona", username: "fiona_free", at: t(3) });
    closed = await seedConversation({ firstName: "Felix", username: "felix_closed", at: t(4), status: "CLOSED", assigneeId: agentA.id });
    byText = await seedConversation({ firstName: "Zed", username: "zed_z", texts: ["I would like a PINEAPPLE pizza", "thanks"], at: t(5) });
  });

  it("filters mine / unassigned / all for an agent (who never sees another agent's chats)", async () => {
    const seeded = new Set([mineA, mineB, free, closed, byText]);
    const only = (r: { items: { id: string }[] }) => ids(r).filter((id) => seeded.has(id));
    expect(only(await list(agentA, { view: "mine" }))).toEqual([mineA]);
    expect(only(await list(agentA, { view: "unassigned" }))).toEqual([byText, free]);
    expect(only(await list(agentA, { view: "all" }))).toEqual([byText, free, mineA]);
    expect(only(await list(agentB, { view: "all" }))).toEqual([byText, free, mineB]);
    expect(only(await list(agentA, { view: "all", status: "closed" }))).toEqual([closed]);
    expect(only(await list(agentB, { view: "all", status: "closed" }))).toEqual([]);
    // Managers and admins see everything.
    expect(only(await list(manager, { view: "all" }))).toEqual([byText, free, mineB, mineA]);
    expect(only(await list(admin, { view: "all", status: "closed" }))).toEqual([closed]);
    expect(only(await list(manager, { view: "mine" }))).toEqual([]);

    const countsA = await countConversations(agentA);
    const countsM = await countConversations(manager);
    expect(countsM.all - countsA.all).toBeGreaterThanOrEqual(1); // at least mineB is hidden from A
    expect(countsA.mine).toBe(1);
  });

  it("searches by first name, last name, @username and any message's text, case-insensitively", async () => {
    expect(ids(await list(manager, { q: "FLORA" }))).toEqual([mineA]);
    expect(ids(await list(manager, { q: "filterson" }))).toEqual([mineA]);
    expect(ids(await list(manager, { q: "@fred_filter" }))).toEqual([mineB]);
    expect(ids(await list(manager, { q: "filter" }))).toEqual([mineB, mineA]);
    expect(ids(await list(manager, { q: "pineapple" }))).toEqual([byText]); // an older message, not the preview
    expect(ids(await list(manager, { q: "felix", status: "closed" }))).toEqual([closed]);
    expect(ids(await list(manager, { q: "felix" }))).toEqual([]);
    // Search never widens what an agent may see.
    expect(ids(await list(agentA, { q: "fred_filter" }))).toEqual([]);
  });

  it("searches by full name (first + last), and by words of it in any order, never by a name that is not there", async () => {
    const james = await seedConversation({ firstName: "James", lastName: "Clarkfield", username: "jc_full", at: t(20) });
    const jamesOther = await seedConversation({ firstName: "James", lastName: "Otherby", at: t(21) });
    const quoted = await seedConversation({ firstName: "Quinn", texts: ["is James Clarkfield around?"], at: t(22) });
    expect(ids(await list(manager, { q: "James Clarkfield" }))).toEqual([quoted, james]); // the name, and a message quoting it
    expect(ids(await list(manager, { q: "james clarkf" }))).toEqual([quoted, james]);
    expect(ids(await list(manager, { q: "mes Clark" }))).toEqual([quoted, james]); // any piece of "first last"
    expect(ids(await list(manager, { q: "  James   Otherby " }))).toEqual([jamesOther]);
    expect(ids(await list(manager, { q: "Clarkfield James" }))).toEqual([james]);
    expect(ids(await list(manager, { q: "James @jc_full" }))).toEqual([james]);
    expect(ids(await list(manager, { q: "James Nobody" }))).toEqual([]);
    // Quotes and percent signs are data, not SQL or patterns.
    expect(ids(await list(manager, { q: "James' OR 1=1 --" }))).toEqual([]);
    expect(ids(await list(manager, { q: "%" }))).toEqual([]);
    await db().conversation.deleteMany({ where: { id: { in: [james, jamesOther, quoted] } } });
  });

  it("tab counts follow the status shown: open by default, closed when the list shows closed ones", async () => {
    const [openA, closedA, openM, closedM] = await Promise.all([
      countConversations(agentA, "open"),
      countConversations(agentA, "closed"),
      countConversations(manager),
      countConversations(manager, "closed"),
    ]);
    const seen = async (who: TStaffSession, status: "open" | "closed", view: "all" | "mine" | "unassigned") => (await list(who, { status, view })).items.length;
    for (const [who, counts, status] of [[agentA, openA, "open"], [agentA, closedA, "closed"], [manager, openM, "open"], [manager, closedM, "closed"]] as const) {
      expect(counts.all).toBe(await seen(who, status, "all"));
      expect(counts.mine).toBe(await seen(who, status, "mine"));
      expect(counts.unassigned).toBe(await seen(who, status, "unassigned"));
    }
    expect(closedA.mine).toBeGreaterThanOrEqual(1); // Felix, closed and assigned to agent A
    expect(closedA.all).toBeGreaterThanOrEqual(1);
  });

  it("pages with a keyset cursor across 3 pages without duplicates or gaps, ties broken by id", async () => {
    const same = t(30);
    const pager: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Three share one timestamp: the cursor must break the tie by id.
      pager.push(await seedConversation({ firstName: `Pager${i}`, username: `pager_${i}`, at: i < 3 ? same : t(20 + i) }));
    }
    const expected = (await db().conversation.findMany({ where: { id: { in: pager } }, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], select: { id: true } })).map((r) => r.id);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list(manager, { q: "pager", limit: 3, cursor });
      pages.push(ids(page));
      if (pages.length === 1) {
        // A conversation arriving meanwhile goes to the top; the pages after the first are not shifted by it.
        pager.push(await seedConversation({ firstName: "Pager-late", at: new Date() }));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 10);

    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
    const err = await appError(list(manager, { q: "pager", cursor: "not-a-cursor" }));
    expect(err.code).toBe("INVALID_INPUT");
  });
});

// ---------------------------------------------------------------- visibility

describe("who sees which conversation", () => {
  it("an agent cannot see or act on another agent's conversation; a manager can", async () => {
    const user = await newUser({ first_name: "Vera" });
    const { id } = await conversationOf(user);
    await updateConversation(agentA, id, { assigneeId: agentA.id });

    for (const attempt of [
      () => getConversation(agentB, id),
      () => listMessages(agentB, id, { limit: 50 }),
      () => reply(agentB, id, "let me take this"),
      () => updateConversation(agentB, id, { assigneeId: agentB.id }),
      () => updateConversation(agentB, id, { status: "closed" }),
      () => updateConversation(agentB, id, { read: true }),
    ]) {
      const err = await appError(attempt());
      expect(err.code).toBe("NOT_FOUND");
      expect(err.status).toBe(404);
    }
    expect(await db().message.count({ where: { conversationId: id, direction: "OUT" } })).toBe(0);
    const c = await conversationOf(user);
    expect(c).toMatchObject({ assigneeId: agentA.id, status: "OPEN" });
    expect(c.unreadCount).toBeGreaterThan(0);

    // The owner and a manager can.
    expect((await getConversation(agentA, id)).assignee?.id).toBe(agentA.id);
    expect((await getConversation(manager, id)).assignee?.id).toBe(agentA.id);
    expect((await listMessages(manager, id, { limit: 50 })).items.map((m) => m.text)).toEqual(["/start"]);
    await updateConversation(manager, id, { assigneeId: agentB.id });
    expect((await getConversation(agentB, id)).assignee?.name).toBe("Bob Agent");
    expect((await appError(getConversation(agentA, id))).code).toBe("NOT_FOUND");
  });

  it("refuses assignees who cannot use the inbox, and unknown ones", async () => {
    const user = await newUser();
    const { id } = await conversationOf(user);
    const toMarketer = await appError(updateConversation(agentA, id, { assigneeId: marketer.id }));
    expect(toMarketer.code).toBe("INVALID_INPUT");
    expect(toMarketer.message).toMatch(/cannot use the inbox/);
    expect((await appError(updateConversation(manager, id, { assigneeId: "no-such-staff" }))).code).toBe("INVALID_INPUT");
    expect((await conversationOf(user)).assigneeId).toBeNull();
    expect(await db().conversationAssignment.count({ where: { conversationId: id } })).toBe(0);
  });
});

// ---------------------------------------------------------------- replies

describe("replies", () => {
  it("one row per clientId even when the same submit arrives twice at once; replying assigns an unassigned chat", async () => {
    const user = await newUser({ first_name: "Rita" });
    const { id } = await conversationOf(user);
    const cid = clientId();
    const [one, two] = await Promise.all([reply(agentA, id, "Hi Rita, how can I help?", { clientId: cid }), reply(agentA, id, "Hi Rita, how can I help?", { clientId: cid })]);
    expect(one.message.id).toBe(two.message.id);
    expect([one.duplicate, two.duplicate].sort()).toEqual([false, true]);
    expect(await db().message.count({ where: { clientId: cid } })).toBe(1);
    expect(await deliveryJobs(one.message.id)).toBe(1);

    const again = await reply(agentA, id, "Hi Rita, how can I help?", { clientId: cid });
    expect(again).toMatchObject({ duplicate: true, message: { id: one.message.id } });
    expect(await db().message.count({ where: { conversationId: id, direction: "OUT" } })).toBe(1);

    const row = await db().message.findUniqueOrThrow({ where: { id: one.message.id } });
    expect(row).toMatchObject({ direction: "OUT", deliveryState: "PENDING", senderStaffId: agentA.id, isNote: false, text: "Hi Rita, how can I help?" });
    const c = await conversationOf(user);
    expect(c).toMatchObject({ assigneeId: agentA.id, lastMessagePreview: "Hi Rita, how can I help?", lastMessageDirection: "OUT" });
    const history = await db().conversationAssignment.findMany({ where: { conversationId: id } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fromStaffId: null, toStaffId: agentA.id, byStaffId: agentA.id, reason: "reply" });
    expect((await inboxEvents(id, "conversation.assigned")).map((e) => e.payload)).toEqual([{ assigneeId: agentA.id, assigneeName: "Alice Agent" }]);
    expect(await inboxEvents(id, "message.created")).toHaveLength(2); // the /start and the reply

    // A clientId belongs to one conversation.
    const other = await conversationOf(await newUser());
    expect((await appError(reply(agentA, other.id, "wrong chat", { clientId: cid }))).code).toBe("CONFLICT");

    // A manager's reply to an agent's chat does not take it over.
    await reply(manager, id, "Manager here");
    expect((await conversationOf(user)).assigneeId).toBe(agentA.id);
    expect(await db().conversationAssignment.count({ where: { conversationId: id } })).toBe(1);
  });

  it("deliverMessage sends once to the emulator and stores the Telegram message id, even when run twice (or at once)", async () => {
    const user = await newUser({ first_name: "Dora" });
    const { id } = await conversationOf(user);
    const before = await sentTexts(user); // the bot's own answer to /start is not ours
    const { message } = await reply(agentA, id, "Your order ships tomorrow.");

    await deliverMessage(message.id);
    await deliverMessage(message.id);
    const sent = (await control.sent(emuBot.id, user.id)).filter((m) => m.text === "Your order ships tomorrow.");
    expect(sent).toHaveLength(1);
    expect((await sentTexts(user)).length).toBe(before.length + 1);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ deliveryState: "SENT", telegramMessageId: sent[0]!.message_id, failureReason: null });
    expect(row.sentAt).not.toBeNull();
    const updated = await inboxEvents(id, "message.updated");
    expect(updated).toHaveLength(1);
    expect((updated[0]!.payload as { message: { id: string; state: string } }).message).toMatchObject({ id: message.id, state: "sent" });

    // Two workers picking up duplicated jobs at the same moment: still one send.
    const second = await reply(agentA, id, "And here is the tracking link.");
    await Promise.all([deliverMessage(second.message.id), deliverMessage(second.message.id), deliverMessage(second.message.id)]);
    expect((await sentTexts(user)).filter((t) => t === "And here is the tracking link.")).toHaveLength(1);
    expect((await db().message.findUniqueOrThrow({ where: { id: second.message.id } })).deliveryState).toBe("SENT");
    const view = await listMessages(agentA, id, { limit: 50 });
    expect(view.items.slice(-2).map((m) => [m.text, m.state, m.sender?.name])).toEqual([
      ["Your order ships tomorrow.", "sent", "Alice Agent"],
      ["And here is the tracking link.", "sent", "Alice Agent"],
    ]);
  });

  it("a user who blocked the bot: the reply fails with a reason, the user is marked blocked, and the job does not throw", async () => {
    const user = await newUser({ first_name: "Bea" });
    const { id, telegramUserId } = await conversationOf(user);
    await say(user, "bye");
    await control.block(user.id, { bot_id: emuBot.id, silent: true }); // Tagflow learns it only by sending
    expect((await db().telegramUser.findUniqueOrThrow({ where: { id: telegramUserId } })).blockedAt).toBeNull();
    const before = await sentTexts(user);

    const { message } = await reply(agentA, id, "Are you still there?");
    await expect(deliverMessage(message.id)).resolves.toBeUndefined();
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ deliveryState: "FAILED", failureReason: "the user blocked the bot", telegramMessageId: null, sentAt: null });
    expect(await sentTexts(user)).toEqual(before);
    expect((await db().telegramUser.findUniqueOrThrow({ where: { id: telegramUserId } })).blockedAt).not.toBeNull();
    const blockedEvents = await db().event.findMany({ where: { telegramUserId, name: "bot_blocked" } });
    expect(blockedEvents.map((e) => e.properties)).toEqual([{ detectedBy: "send_failed" }]);
    expect((await inboxEvents(id, "conversation.updated")).some((e) => (e.payload as { reason?: string }).reason === "blocked")).toBe(true);
    const detail = await getConversation(agentA, id);
    expect(detail.user.blocked).toBe(true);

    // A second reply fails the same way without a second bot_blocked event; running it again changes nothing.
    const next = await reply(agentA, id, "Hello?");
    await deliverMessage(next.message.id);
    await deliverMessage(next.message.id);
    expect((await db().message.findUniqueOrThrow({ where: { id: next.message.id } })).failureReason).toBe("the user blocked the bot");
    expect(await db().event.count({ where: { telegramUserId, name: "bot_blocked" } })).toBe(1);
    expect(await sentTexts(user)).toEqual(before);
  });

  it("notes are stored for the team and never sent", async () => {
    const user = await newUser({ first_name: "Nina" });
    const { id } = await conversationOf(user);
    const previewBefore = (await conversationOf(user)).lastMessagePreview;
    const before = await sentTexts(user);
    const { message } = await reply(agentA, id, "VIP customer, be nice", { note: true });
    expect(message).toMatchObject({ state: "note", note: true, direction: "out" });
    expect(await deliveryJobs(message.id)).toBe(0);
    await deliverMessage(message.id);
    expect(await sentTexts(user)).toEqual(before);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ deliveryState: "NOTE", isNote: true, telegramMessageId: null, sentAt: null });
    const c = await conversationOf(user);
    expect(c.lastMessagePreview).toBe(previewBefore); // the list never shows a note as the last message
    expect(c.assigneeId).toBeNull(); // a note does not take the chat
    expect((await listMessages(agentA, id, { limit: 50 })).items.at(-1)).toMatchObject({ text: "VIP customer, be nice", state: "note" });
  });
});

// ---------------------------------------------------------------- assignment, status, read

describe("assignment, status and read", () => {
  it("assign, transfer and unassign keep a history and announce each change", async () => {
    const user = await newUser({ first_name: "Hanna" });
    const { id } = await conversationOf(user);

    await updateConversation(agentA, id, { assigneeId: agentA.id }); // A takes it
    await updateConversation(agentA, id, { assigneeId: agentB.id }); // A passes it to B
    expect((await appError(getConversation(agentA, id))).code).toBe("NOT_FOUND");
    expect(ids(await list(agentB, { view: "mine" }))).toContain(id);
    await updateConversation(agentB, id, { assigneeId: null }); // B gives it up
    await updateConversation(manager, id, { assigneeId: agentA.id }); // a manager hands it out
    await updateConversation(manager, id, { assigneeId: agentA.id }); // no change: no history row

    const rows = await db().conversationAssignment.findMany({ where: { conversationId: id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.reason, r.fromStaffId, r.toStaffId, r.byStaffId])).toEqual([
      ["assign", null, agentA.id, agentA.id],
      ["transfer", agentA.id, agentB.id, agentA.id],
      ["unassign", agentB.id, null, agentB.id],
      ["assign", null, agentA.id, manager.id],
    ]);
    const events = await inboxEvents(id, "conversation.assigned");
    expect(events.map((e) => e.payload)).toEqual([
      { assigneeId: agentA.id, assigneeName: "Alice Agent", fromId: null, byName: "Alice Agent" },
      { assigneeId: agentB.id, assigneeName: "Bob Agent", fromId: agentA.id, byName: "Alice Agent" },
      { assigneeId: null, assigneeName: null, fromId: agentB.id, byName: "Bob Agent" },
      { assigneeId: agentA.id, assigneeName: "Alice Agent", fromId: null, byName: "Mona Manager" },
    ]);
    const detail = await getConversation(agentA, id);
    expect(detail.assignee).toEqual({ id: agentA.id, name: "Alice Agent" });
    expect(detail.assignments.map((a) => [a.reason, a.from, a.to, a.by])).toEqual([
      ["assign", null, "Alice Agent", "Mona Manager"],
      ["unassign", "Bob Agent", null, "Bob Agent"],
      ["transfer", "Alice Agent", "Bob Agent", "Alice Agent"],
      ["assign", null, "Alice Agent", "Alice Agent"],
    ]);
  });

  it("two agents taking the same unassigned chat at once: exactly one wins", async () => {
    const user = await newUser();
    const { id } = await conversationOf(user);
    const results = await Promise.allSettled([updateConversation(agentA, id, { assigneeId: agentA.id }), updateConversation(agentB, id, { assigneeId: agentB.id })]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(AppError);
    expect(["CONFLICT", "NOT_FOUND"]).toContain((lost[0]!.reason as AppError).code);
    const history = await db().conversationAssignment.findMany({ where: { conversationId: id } });
    expect(history).toHaveLength(1);
    expect((await conversationOf(user)).assigneeId).toBe(history[0]!.toStaffId);
    expect(await inboxEvents(id, "conversation.assigned")).toHaveLength(1);
  });

  it("close and reopen", async () => {
    const user = await newUser({ first_name: "Clara" });
    const { id } = await conversationOf(user);
    await updateConversation(agentA, id, { status: "closed" });
    let c = await conversationOf(user);
    expect(c.status).toBe("CLOSED");
    expect(c.closedAt).not.toBeNull();
    expect(ids(await list(manager, { q: "Clara" }))).toEqual([]);
    expect(ids(await list(manager, { q: "Clara", status: "closed" }))).toEqual([id]);
    expect((await getConversation(agentA, id)).status).toBe("closed");

    await updateConversation(agentA, id, { status: "open" });
    c = await conversationOf(user);
    expect(c.status).toBe("OPEN");
    expect(c.closedAt).toBeNull();
    expect(ids(await list(manager, { q: "Clara" }))).toEqual([id]);
    expect((await inboxEvents(id, "conversation.updated")).map((e) => e.payload)).toEqual([{ reason: "status" }, { reason: "status" }]);
  });

  it("read resets the unread count", async () => {
    const user = await newUser({ first_name: "Rea" });
    const { id } = await conversationOf(user);
    await say(user, "one");
    await say(user, "two");
    expect((await conversationOf(user)).unreadCount).toBe(3);
    expect((await list(manager, { q: "Rea" })).items.find((i) => i.id === id)?.unread).toBe(3);
    await updateConversation(agentA, id, { read: true });
    const c = await conversationOf(user);
    expect(c.unreadCount).toBe(0);
    expect(c.lastReadAt).not.toBeNull();
    expect((await inboxEvents(id, "conversation.updated")).map((e) => e.payload)).toEqual([{ reason: "read" }]);
    await say(user, "three");
    expect((await conversationOf(user)).unreadCount).toBe(1);
  });
});

// ---------------------------------------------------------------- tags

describe("tags", () => {
  const tagEvents = async (telegramUserId: string) =>
    (await db().event.findMany({ where: { telegramUserId, name: { in: ["tag_added", "tag_removed"] } }, orderBy: { id: "asc" } })).map((e) => [e.name, e.properties]);

  it("adds a tag by name (creating it on the fly), reuses it case-insensitively, records who and when, and removes it", async () => {
    const user = await newUser({ first_name: "Tess" });
    const { telegramUserId, id } = await conversationOf(user);
    const before = new Date();
    const added = await applyTag(agentA, { userIds: [telegramUserId], action: "add", tag: ZApplyTag.parse({ name: "  High intent " }) });
    expect(added).toMatchObject({ tag: { name: "High intent" }, changed: 1, unchanged: 0 });
    expect(added.tag.color).toMatch(/^#[0-9a-f]{6}$/);
    const userTag = await db().userTag.findUniqueOrThrow({ where: { telegramUserId_tagId: { telegramUserId, tagId: added.tag.id } } });
    expect(userTag).toMatchObject({ appliedVia: "AGENT", appliedByStaffId: agentA.id });
    expect(userTag.appliedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    // Same tag by another spelling: no second tag, and the user already has it.
    const again = await applyTag(agentB, { userIds: [telegramUserId], action: "add", tag: { name: "HIGH INTENT" } });
    expect(again).toMatchObject({ tag: { id: added.tag.id, name: "High intent" }, changed: 0, unchanged: 1 });
    expect(await db().tag.count({ where: { name: { equals: "high intent", mode: "insensitive" } } })).toBe(1);
    expect((await db().userTag.findUniqueOrThrow({ where: { telegramUserId_tagId: { telegramUserId, tagId: added.tag.id } } })).appliedByStaffId).toBe(agentA.id);

    const detail = await getConversation(agentA, id);
    expect(detail.profile.tags).toEqual([{ id: added.tag.id, name: "High intent", color: added.tag.color, appliedAt: userTag.appliedAt.toISOString(), via: "AGENT", by: "Alice Agent" }]);
    const tagsChanged = await db().inboxEvent.findMany({ where: { kind: "tags.changed" }, orderBy: { id: "desc" }, take: 1 });
    expect(tagsChanged[0]!.payload).toMatchObject({ userIds: [telegramUserId], action: "add", by: "Alice Agent", tag: { id: added.tag.id } });

    const removed = await applyTag(agentB, { userIds: [telegramUserId], action: "remove", tag: { tagId: added.tag.id } });
    expect(removed).toMatchObject({ changed: 1, unchanged: 0 });
    expect(await db().userTag.count({ where: { telegramUserId } })).toBe(0);
    const noop = await applyTag(agentB, { userIds: [telegramUserId], action: "remove", tag: { name: "high intent" } });
    expect(noop).toMatchObject({ changed: 0, unchanged: 1 });
    expect(await tagEvents(telegramUserId)).toEqual([
      ["tag_added", { tag: "High intent", via: "agent", by: "Alice Agent" }],
      ["tag_removed", { tag: "High intent", via: "agent", by: "Bob Agent" }],
    ]);
    // Removing by a name that does not exist is refused (and never creates it).
    expect((await appError(applyTag(agentA, { userIds: [telegramUserId], action: "remove", tag: { name: "Nope never" } }))).code).toBe("INVALID_INPUT");
    expect(await db().tag.count({ where: { name: "Nope never" } })).toBe(0);
  });

  it("tags several users at once and refuses unknown user ids without writing anything", async () => {
    const users = await Promise.all([newUser(), newUser(), newUser()]);
    const userIds = await Promise.all(users.map(async (u) => (await conversationOf(u)).telegramUserId));
    const vip = await createTag({ name: "VIP" });
    expect((await appError(createTag({ name: "vip" }))).code).toBe("CONFLICT");
    await applyTag(agentA, { userIds: [userIds[0]!], action: "add", tag: { tagId: vip.id } });

    const bulk = await applyTag(marketer, ZBulkTag.parse({ userIds: [...userIds, userIds[1]], action: "add", tag: { name: "vip" } }));
    expect(bulk).toMatchObject({ tag: { id: vip.id }, changed: 2, unchanged: 1 });
    const rows = await db().userTag.findMany({ where: { tagId: vip.id }, orderBy: { appliedAt: "asc" } });
    expect(rows.map((r) => [r.telegramUserId, r.appliedByStaffId]).sort()).toEqual(
      [[userIds[0], agentA.id], [userIds[1], marketer.id], [userIds[2], marketer.id]].sort(),
    );
    expect((await db().event.findMany({ where: { name: "tag_added", telegramUserId: { in: userIds } } })).length).toBe(3);
    expect((await listTags("vi")).items.find((t) => t.id === vip.id)?.users).toBe(3);

    const countsBefore = { userTags: await db().userTag.count(), tags: await db().tag.count(), events: await db().event.count(), inbox: await db().inboxEvent.count() };
    const refused = await appError(applyTag(agentA, { userIds: [userIds[0]!, "no-such-user"], action: "add", tag: { name: "Brand new tag" } }));
    expect(refused.code).toBe("INVALID_INPUT");
    expect(refused.message).toMatch(/1 of the selected users do not exist/);
    expect({ userTags: await db().userTag.count(), tags: await db().tag.count(), events: await db().event.count(), inbox: await db().inboxEvent.count() }).toEqual(countsBefore);

    const bulkRemove = await applyTag(marketer, { userIds, action: "remove", tag: { tagId: vip.id } });
    expect(bulkRemove).toMatchObject({ changed: 3, unchanged: 0 });
    expect(await db().event.count({ where: { name: "tag_removed", telegramUserId: { in: userIds } } })).toBe(3);
  });

  it("tag schemas refuse bad names and bad bulk requests", () => {
    expect(ZApplyTag.safeParse({ name: "   " }).success).toBe(false);
    expect(ZApplyTag.safeParse({ name: "x".repeat(49) }).success).toBe(false);
    expect(ZApplyTag.safeParse({ name: "-starts-with-dash" }).success).toBe(false);
    expect(ZApplyTag.safeParse({ name: "Größe: XL" }).success).toBe(true);
    expect(ZBulkTag.safeParse({ userIds: [], action: "add", tag: { name: "a" } }).success).toBe(false);
    expect(ZBulkTag.safeParse({ userIds: Array.from({ length: 1001 }, (_, i) => `u${i}`), action: "add", tag: { name: "a" } }).success).toBe(false);
    expect(ZBulkTag.safeParse({ userIds: ["u1"], action: "toggle", tag: { name: "a" } }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- contracts

describe("inbox schemas", () => {
  const send = (text: string) => ZSendMessage.safeParse({ clientId: "abcdefgh-1234", text });
  const firstError = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

  it("refuse empty or whitespace-only text", () => {
    for (const text of ["", " ", "\n\t  \n", "\u00a0\u2003"]) {
      const r = send(text);
      expect(r.success, JSON.stringify(text)).toBe(false);
      expect(firstError(r)).toBe("Write something before sending.");
    }
  });

  it("count characters by code point: 4,096 is the limit, emoji included", () => {
    const max = send("a".repeat(4096));
    expect(max.success).toBe(true);
    const over = send("a".repeat(4097));
    expect(over.success).toBe(false);
    expect(firstError(over)).toBe("Messages can be at most 4096 characters.");
    const emoji = send("😀".repeat(4096)); // 8,192 UTF-16 units
    expect(emoji.success).toBe(true);
    expect(emoji.data?.text).toHaveLength(8192);
    expect(send("😀".repeat(4097)).success).toBe(false);
    // Trailing whitespace is trimmed before counting; leading whitespace is kept.
    const trailing = send(`  hi${" ".repeat(10)}\n`);
    expect(trailing.data?.text).toBe("  hi");
    expect(send("a".repeat(4096) + "   ").success).toBe(true);
  });

  it("refuse bad clientIds, and canned replies follow the same text rules", () => {
    expect(ZSendMessage.safeParse({ clientId: "short", text: "hi" }).success).toBe(false);
    expect(ZSendMessage.safeParse({ clientId: "has spaces in it", text: "hi" }).success).toBe(false);
    expect(ZSendMessage.parse({ clientId: "abcdefgh", text: "hi" }).note).toBe(false);
    expect(ZCannedReply.safeParse({ shortcut: "hello", text: "  " }).success).toBe(false);
    expect(ZCannedReply.safeParse({ shortcut: "Hello!", text: "hi" }).success).toBe(false);
    expect(ZCannedReply.safeParse({ shortcut: "hello", text: "😀".repeat(4096) }).success).toBe(true);
  });

  it("conversation changes need something to change; list filters have defaults and bounds", () => {
    expect(ZUpdateConversation.safeParse({}).success).toBe(false);
    expect(ZUpdateConversation.safeParse({ read: false }).success).toBe(false);
    expect(ZUpdateConversation.parse({ assigneeId: null })).toEqual({ assigneeId: null });
    expect(ZListConversations.parse({})).toEqual({ view: "all", status: "open", limit: 30 });
    expect(ZListConversations.safeParse({ limit: "0" }).success).toBe(false);
    expect(ZListConversations.safeParse({ limit: "101" }).success).toBe(false);
    expect(ZListConversations.safeParse({ view: "everything" }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- live stream privacy

describe("live stream filter", () => {
  const ev = (kind: string, conversationId: string | null, payload: Record<string, unknown> = {}) =>
    ({ id: "1", kind, conversationId, payload, createdAt: new Date().toISOString() }) as Parameters<ReturnType<typeof createStreamFilter>>[0];

  it("gives agents unassigned and their own conversations, and the moment one is taken from them; managers get everything", async () => {
    const mine = await seedConversation({ firstName: "Sfa", at: new Date(), assigneeId: agentA.id });
    const theirs = await seedConversation({ firstName: "Sfb", at: new Date(), assigneeId: agentB.id });
    const open = await seedConversation({ firstName: "Sfc", at: new Date() });
    const a = createStreamFilter(agentA);
    expect(await a(ev("message.created", mine))).toBe(true);
    expect(await a(ev("message.created", open))).toBe(true);
    expect(await a(ev("message.created", theirs))).toBe(false);
    expect(await a(ev("tags.changed", null))).toBe(true);
    // Transferred away from A: A hears the transfer, then nothing more of it.
    expect(await a(ev("conversation.assigned", mine, { assigneeId: agentB.id, fromId: agentA.id }))).toBe(true);
    expect(await a(ev("message.created", mine))).toBe(false);
    // Given to A: from now on A hears it.
    expect(await a(ev("conversation.assigned", theirs, { assigneeId: agentA.id, fromId: agentB.id }))).toBe(true);
    expect(await a(ev("message.created", theirs))).toBe(true);
    const m = createStreamFilter(manager);
    expect(await m(ev("message.created", theirs))).toBe(true);
    expect(await m(ev("message.created", mine))).toBe(true);
  });
});

// ---------------------------------------------------------------- photo replies

describe("photo replies", () => {
  // The smallest valid PNG: 1×1 pixel.
  const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  const photo = (who: TStaffSession, conversationId: string, bytes: Uint8Array, caption = "", name = "pic.png") =>
    sendPhoto(who, conversationId, ZSendPhoto.parse({ clientId: clientId(), caption }), { name, size: bytes.length, bytes });

  it("sends the photo with its caption to the user once, and keeps Telegram's file_id", async () => {
    const user = await newUser({ first_name: "Phoebe" });
    const c = await conversationOf(user);
    const { message } = await photo(agentA, c.id, PNG, "Here is the chart");
    expect(message.state).toBe("pending");
    expect(message.media).toMatchObject({ kind: "photo", mimeType: "image/png" });
    await deliverMessage(message.id);
    await deliverMessage(message.id);
    const sent = await control.sent(emuBot.id, user.id);
    const photos = sent.filter((s) => s.method === "sendPhoto");
    expect(photos).toHaveLength(1);
    expect(photos[0]!.caption).toBe("Here is the chart");
    const stored = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(stored.deliveryState).toBe("SENT");
    expect((stored.media as { fileId?: string }).fileId).toBe(photos[0]!.photo);
    const upload = await readUpload(agentA, (stored.media as { uploadId: string }).uploadId);
    expect(Buffer.from(upload.data).equals(Buffer.from(PNG))).toBe(true);
    // Another agent's conversation: the file is not theirs to read.
    await db().conversation.update({ where: { id: c.id }, data: { assigneeId: agentA.id } });
    expect((await appError(readUpload(agentB, (stored.media as { uploadId: string }).uploadId))).code).toBe("NOT_FOUND");
  });

  it("refuses a file that is not an image, one over 10 MB and a caption over 1,024 characters, storing nothing", async () => {
    const user = await newUser({ first_name: "Quentin" });
    const c = await conversationOf(user);
    const before = await db().upload.count();
    const notImage = await appError(photo(agentA, c.id, new TextEncoder().encode("%PDF-1.7 not a photo"), "", "invoice.png"));
    expect(notImage.code).toBe("INVALID_INPUT");
    expect(notImage.message).toBe("file: invoice.png is not a JPEG, PNG or WebP image.");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    expect((await appError(photo(agentA, c.id, big, "", "huge.png"))).message).toMatch(/photos can be at most 10 MB/);
    expect(ZSendPhoto.safeParse({ clientId: clientId(), caption: "x".repeat(1025) }).success).toBe(false);
    expect(ZSendPhoto.safeParse({ clientId: clientId(), caption: "😀".repeat(1024) }).success).toBe(true);
    expect(await db().upload.count()).toBe(before);
    expect(await db().message.count({ where: { conversationId: c.id, direction: "OUT" } })).toBe(0);
  });
});

describe("formatted replies", () => {
  it("reach the user as Telegram formatting (bold, links), with other text escaped", async () => {
    const user = await newUser({ first_name: "Rosa" });
    const c = await conversationOf(user);
    const { message } = await reply(agentA, c.id, "Hi **Rosa**, 1 < 2: see [the shop](https://shop.example/x)");
    await deliverMessage(message.id);
    const sent = (await control.sent(emuBot.id, user.id)).at(-1)!;
    expect(sent.text).toBe("Hi Rosa, 1 < 2: see the shop");
    expect(sent.entities).toEqual([
      { type: "bold", offset: 3, length: 4 },
      { type: "text_link", offset: 20, length: 8, url: "https://shop.example/x" },
    ]);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).deliveryState).toBe("SENT");
  });
});

// ---------------------------------------------------------------- handoff

describe("handoff and automatic assignment", () => {
  it("recognises handoff keywords as whole words in any case", () => {
    expect(asksForHuman("Can I talk to an OPERATOR?", ["operator"])).toBe(true);
    expect(asksForHuman("operator", ["operator"])).toBe(true);
    expect(asksForHuman("cooperatorship", ["operator"])).toBe(false);
    expect(asksForHuman("хочу оператора", ["оператора"])).toBe(true);
    expect(asksForHuman(null, ["operator"])).toBe(false);
  });

  it("a keyword opens the conversation for people and assigns online agents in turn (round-robin), then by load (least busy)", async () => {
    await saveInboxSettings({ handoffKeywords: ["operator"], pauseBotWhileHandled: true, autoAssign: "round-robin" });
    // Only agents seen recently take part; A and B are online, the manager is not.
    await db().staffUser.updateMany({ data: { lastActiveAt: null } });
    await db().staffUser.updateMany({ where: { id: { in: [agentA.id, agentB.id] } }, data: { lastActiveAt: new Date() } });
    const assigned: (string | null)[] = [];
    for (const name of ["Hana", "Igor", "Jana", "Karl"]) {
      const user = await newUser({ first_name: name });
      await say(user, "I want an operator please");
      const c = await conversationOf(user);
      expect(c.handoffAt).not.toBeNull();
      assigned.push(c.assigneeId);
    }
    expect(new Set(assigned)).toEqual(new Set([agentA.id, agentB.id]));
    expect(assigned[0]).not.toBe(assigned[1]);
    expect(assigned[2]).toBe(assigned[0]);
    expect(assigned[3]).toBe(assigned[1]);
    const history = await db().conversationAssignment.count({ where: { reason: "auto", toStaffId: { in: [agentA.id, agentB.id] } } });
    expect(history).toBeGreaterThanOrEqual(4);

    // Least busy: give A many open conversations; the next handoff goes to B.
    await saveInboxSettings({ handoffKeywords: ["operator"], pauseBotWhileHandled: true, autoAssign: "least-busy" });
    for (let i = 0; i < 3; i++) await seedConversation({ firstName: `Load${i}`, at: new Date(), assigneeId: agentA.id });
    const user = await newUser({ first_name: "Lena" });
    await say(user, "operator");
    expect((await conversationOf(user)).assigneeId).toBe(agentB.id);

    // Nobody online: the conversation waits unassigned, still marked as handed off.
    await db().staffUser.updateMany({ data: { lastActiveAt: null } });
    const alone = await newUser({ first_name: "Milo" });
    await say(alone, "operator!");
    const waiting = await conversationOf(alone);
    expect(waiting.assigneeId).toBeNull();
    expect(waiting.handoffAt).not.toBeNull();
    await saveInboxSettings({ handoffKeywords: ["operator", "human", "agent"], pauseBotWhileHandled: true, autoAssign: "off" });
  });

  it("pauses the bot's automated replies while an agent handles an open conversation, and resumes when it is closed", async () => {
    const user = await newUser({ first_name: "Nina" });
    const c = await conversationOf(user);
    expect(await botRepliesPaused(botId, user.id)).toBe(false);
    await updateConversation(agentA, c.id, { assigneeId: agentA.id });
    expect(await botRepliesPaused(botId, user.id)).toBe(true);
    await updateConversation(agentA, c.id, { status: "closed" });
    expect(await botRepliesPaused(botId, user.id)).toBe(false);
    await saveInboxSettings({ handoffKeywords: ["operator"], pauseBotWhileHandled: false, autoAssign: "off" });
    await updateConversation(agentA, c.id, { status: "open" });
    expect(await botRepliesPaused(botId, user.id)).toBe(false);
    await saveInboxSettings({ handoffKeywords: ["operator", "human", "agent"], pauseBotWhileHandled: true, autoAssign: "off" });
  });
});

describe("typing indicator", () => {
  it("shows 'typing…' in the user's chat through sendChatAction, and is best effort for a blocked user", async () => {
    const user = await newUser({ first_name: "Tara" });
    const c = await conversationOf(user);
    const before = (await control.stats(emuBot.id)).byMethod.sendChatAction ?? 0;
    expect(await sendTyping(agentA, c.id)).toEqual({ sent: true });
    expect((await control.stats(emuBot.id)).byMethod.sendChatAction ?? 0).toBe(before + 1);
    await control.block(user.id, emuBot.id);
    expect(await sendTyping(agentA, c.id)).toEqual({ sent: false });
  });
});

describe("canned replies", () => {
  it("are created once per shortcut and can be deleted", async () => {
    const created = await createCannedReply(agentA, { shortcut: "hours", text: "We answer 9:00–18:00, Monday to Friday." });
    expect((await listCannedReplies()).items.map((r) => r.shortcut)).toContain("hours");
    expect((await appError(createCannedReply(agentB, { shortcut: "hours", text: "again" }))).code).toBe("CONFLICT");
    expect(await deleteCannedReply(created.id)).toEqual({ deleted: true });
    expect((await listCannedReplies()).items.map((r) => r.shortcut)).not.toContain("hours");
    expect((await appError(deleteCannedReply(created.id))).code).toBe("NOT_FOUND");
  });
});
