// What simulated users do: start a bot, write, click buttons, block/unblock.
// Each action produces the update Telegram would send to the bot.
import { makeCallbackId, makeChatInstance } from "../ids";
import { botAsUser } from "../methods/message";
import type { BotRecord, ChatRecord, SimUser } from "../model";
import { EmulatorStateError, type EmulatorState } from "../state";
import type { TgMemberStatus, TgMessage, TgMessageEntity, TgPrivateChat } from "../types";
import { emitUpdate } from "../updates/emit";

export interface ActionResult {
  /** null when the bot's allowed_updates filtered the update out (or nothing changed). */
  update_id: number | null;
  message_id?: number;
  callback_query_id?: string;
  changed?: boolean;
}

const COMMAND = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?/;

function fail(message: string): never {
  throw new EmulatorStateError(400, message);
}

const dateOr = (date: number | undefined): number => date ?? Math.floor(Date.now() / 1000);

function privateChat(sim: SimUser): TgPrivateChat {
  const chat: TgPrivateChat = { id: sim.user.id, type: "private", first_name: sim.user.first_name };
  if (sim.user.last_name) chat.last_name = sim.user.last_name;
  if (sim.user.username) chat.username = sim.user.username;
  return chat;
}

function activeUser(state: EmulatorState, userId: number): SimUser {
  const sim = state.user(userId);
  if (sim.deactivated) fail(`user ${userId} is deactivated`);
  return sim;
}

function openChat(bot: BotRecord, userId: number, options: { allowBlocked?: boolean } = {}): ChatRecord {
  const chat = bot.chats.get(userId) ?? fail(`user ${userId} has not started bot ${bot.id}`);
  if (chat.status === "kicked" && !options.allowBlocked) fail(`user ${userId} has blocked bot ${bot.id}`);
  return chat;
}

export interface ActionOptions {
  /** Unix seconds; backdates the update (history). */
  date?: number;
  /** Change the emulator's state without emitting an update (re-seeding a fresh emulator). */
  silent?: boolean;
}

function memberChange(state: EmulatorState, userId: number, botId: number, to: TgMemberStatus, options: ActionOptions): ActionResult {
  const sim = activeUser(state, userId);
  const bot = state.bot(botId);
  const chat = openChat(bot, userId, { allowBlocked: true });
  if (chat.status === to) return { update_id: null, changed: false };
  const from = chat.status;
  chat.status = to;
  if (options.silent) return { update_id: null, changed: true };
  const botUser = botAsUser(bot);
  const member = (status: TgMemberStatus) => (status === "kicked" ? { user: botUser, status, until_date: 0 } : { user: botUser, status });
  const update = emitUpdate(bot, {
    my_chat_member: {
      chat: chat.chat,
      from: sim.user,
      date: dateOr(options.date),
      old_chat_member: member(from),
      new_chat_member: member(to),
    },
  });
  return { update_id: update?.update_id ?? null, changed: true };
}

export const blockBot = (state: EmulatorState, userId: number, botId: number, options: ActionOptions = {}): ActionResult =>
  memberChange(state, userId, botId, "kicked", options);

export const unblockBot = (state: EmulatorState, userId: number, botId: number, options: ActionOptions = {}): ActionResult =>
  memberChange(state, userId, botId, "member", options);

export function sendUserMessage(state: EmulatorState, userId: number, botId: number, text: string, date?: number): ActionResult {
  const sim = activeUser(state, userId);
  const bot = state.bot(botId);
  const chat = openChat(bot, userId);
  const message: TgMessage = {
    message_id: chat.nextMessageId++,
    from: sim.user,
    chat: chat.chat,
    date: dateOr(date),
    text,
  };
  const command = COMMAND.exec(text);
  if (command) {
    const entity: TgMessageEntity = { type: "bot_command", offset: 0, length: command[0].length };
    message.entities = [entity];
  }
  chat.messages.set(message.message_id, { message, sender: "user", deleted: false });
  const update = emitUpdate(bot, { message: structuredClone(message) });
  return { update_id: update?.update_id ?? null, message_id: message.message_id };
}

/** /start [payload]; creates the chat on first use and unblocks a blocked bot first. */
export function startBot(
  state: EmulatorState,
  userId: number,
  botId: number,
  options: ActionOptions & { payload?: string } = {},
): ActionResult {
  const { payload, date } = options;
  const sim = activeUser(state, userId);
  const bot = state.bot(botId);
  const chat = bot.chats.get(userId);
  if (!chat) {
    bot.chats.set(userId, {
      userId,
      chat: privateChat(sim),
      status: "member",
      startedAt: dateOr(date),
      nextMessageId: 1,
      messages: new Map(),
      chatInstance: makeChatInstance(),
    });
  } else if (chat.status === "kicked") {
    unblockBot(state, userId, botId, options);
  }
  if (options.silent) return { update_id: null };
  return sendUserMessage(state, userId, botId, payload ? `/start ${payload}` : "/start", date);
}

export function clickButton(state: EmulatorState, userId: number, botId: number, messageId: number, data: string): ActionResult {
  const sim = activeUser(state, userId);
  const bot = state.bot(botId);
  const chat = openChat(bot, userId);
  const stored = chat.messages.get(messageId);
  if (!stored || stored.deleted || stored.sender !== "bot") {
    fail(`message ${messageId} is not a message bot ${bot.id} sent to user ${userId}`);
  }
  const buttons = stored.message.reply_markup?.inline_keyboard.flat() ?? [];
  if (!buttons.some((b) => b.callback_data === data)) {
    fail(`message ${messageId} has no inline button with callback_data ${JSON.stringify(data)}`);
  }
  const id = makeCallbackId(bot.id, state.nextCallbackSeq());
  const date = Math.floor(Date.now() / 1000);
  bot.callbacks.set(id, { id, user_id: userId, chat_id: chat.chat.id, message_id: messageId, data, date, answered: false });
  const message = structuredClone(stored.message);
  const update = emitUpdate(bot, {
    callback_query: { id, from: sim.user, message, chat_instance: chat.chatInstance, data },
  });
  return { update_id: update?.update_id ?? null, callback_query_id: id };
}

export function deactivateUser(state: EmulatorState, userId: number): { changed: boolean } {
  const sim = state.user(userId);
  const changed = !sim.deactivated;
  sim.deactivated = true;
  return { changed };
}
