// "typing…" in the user's chat while an agent writes (sendChatAction lasts
// about 5 s on Telegram; the console calls this at most every 4 s).
import { GrammyError, HttpError } from "grammy";
import type { TStaffSession } from "../auth/session";
import { apiForBot } from "../telegram/bot-api";
import { visibleConversation } from "./visibility";

export async function sendTyping(staff: TStaffSession, conversationId: string) {
  const c = await visibleConversation(staff, conversationId);
  const api = await apiForBot(c.botId);
  try {
    await api.sendChatAction(Number(c.chatId), "typing");
    return { sent: true };
  } catch (e) {
    // Typing is best effort: a blocked user or a busy Bot API server is not an error for the agent.
    if (e instanceof GrammyError || e instanceof HttpError) return { sent: false };
    throw e;
  }
}
