// Keeps the list columns of a conversation (preview, time, unread) in step
// with its newest message. Called inside the transaction that adds the message.
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
  m: { preview: string; direction: "IN" | "OUT"; at: Date; inbound: boolean },
) {
  return tx.conversation.update({
    where: { id: conversationId },
    data: {
      lastMessageAt: m.at,
      lastMessagePreview: m.preview,
      lastMessageDirection: m.direction,
      ...(m.inbound ? { unreadCount: { increment: 1 } } : {}),
    },
    select: { id: true, status: true, assigneeId: true, unreadCount: true, handoffAt: true },
  });
}
