// The order of a chat, shared by the server (history pages) and the console (live
// messages). Pure: safe to import from client components.

/**
 * Chat order: time, then Telegram's message id (a user's messages of one second, e.g. an
 * album, all carry the same date; the worker may store them in any order), then our id.
 * Messages without a Telegram id (notes, unsent replies) come after those with one.
 * The console sorts live messages with the same rule (components/inbox/inbox-app.tsx).
 */
export function compareMessages(
  a: { createdAt: string; telegramMessageId: number | null; id: string },
  b: { createdAt: string; telegramMessageId: number | null; id: string },
): number {
  const ta = a.telegramMessageId;
  const tb = b.telegramMessageId;
  const byTelegramId = ta === tb ? 0 : ta === null ? 1 : tb === null ? -1 : ta - tb;
  return a.createdAt.localeCompare(b.createdAt) || byTelegramId || a.id.localeCompare(b.id);
}
