// Keeps the list columns of a conversation (preview, time) in step with its newest
// message when Tagflow sends one (an agent's reply, the bot's own message); called in the
// transaction that adds it. Incoming messages are folded in by intake's statement
// (lib/telegram/process-update.ts), which also counts them as unread.
import type { Prisma } from "../db/client";

type Tx = Prisma.TransactionClient;

export function previewOf(text: string | null | undefined, media?: { kind?: string } | null): string {
  if (text && text.trim()) return [...text.replace(/\s+/g, " ").trim()].slice(0, 200).join("");
  if (media?.kind === "photo") return "📷 Photo";
  return "…";
}

export async function touchConversation(
  tx: Tx,
  conversationId: string,
  m: { preview: string; at: Date },
) {
  return tx.conversation.update({
    where: { id: conversationId },
    data: { lastMessageAt: m.at, lastMessagePreview: m.preview, lastMessageDirection: "OUT" },
    select: { id: true, status: true, assigneeId: true, unreadCount: true, handoffAt: true },
  });
}
