// Chat history, newest page first; `before` pages further back (infinite scroll).
import { db, type Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { visibleConversation } from "./visibility";

export const MESSAGE_SELECT = {
  id: true, conversationId: true, direction: true, text: true, media: true, buttons: true, deliveryState: true, failureReason: true,
  isNote: true, clientId: true, createdAt: true, sentAt: true, telegramMessageId: true, senderStaff: { select: { id: true, name: true } },
} as const satisfies Prisma.MessageSelect;

export function toMessageView(m: Prisma.MessageGetPayload<{ select: typeof MESSAGE_SELECT }>) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction === "IN" ? ("in" as const) : ("out" as const),
    text: m.text,
    media: m.media as { kind: string; fileId?: string; uploadId?: string } | null,
    buttons: m.buttons as { inline_keyboard?: Array<Array<{ text: string }>> } | null,
    state: m.deliveryState.toLowerCase() as "received" | "pending" | "sending" | "sent" | "failed" | "note",
    failureReason: m.failureReason,
    note: m.isNote,
    clientId: m.clientId,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    /** Telegram's per-chat message id: orders messages of the same second (Telegram dates have no milliseconds). */
    telegramMessageId: m.telegramMessageId,
    sender: m.senderStaff,
  };
}
export type TMessageView = ReturnType<typeof toMessageView>;

export async function listMessages(staff: TStaffSession, conversationId: string, query: { before?: string; limit: number }) {
  await visibleConversation(staff, conversationId);
  let beforeWhere: Prisma.MessageWhereInput = {};
  if (query.before) {
    const pivot = await db().message.findFirst({ where: { id: query.before, conversationId }, select: { id: true, createdAt: true, telegramMessageId: true } });
    if (!pivot) throw new AppError("INVALID_INPUT", "before: no such message in this conversation.");
    const at = pivot.createdAt;
    // Everything before the pivot in chat order (compareMessages, ./message-order.ts).
    beforeWhere = {
      OR: [
        { createdAt: { lt: at } },
        ...(pivot.telegramMessageId === null
          ? [{ createdAt: at, telegramMessageId: { not: null } }, { createdAt: at, telegramMessageId: null, id: { lt: pivot.id } }]
          : [{ createdAt: at, telegramMessageId: { lt: pivot.telegramMessageId } }, { createdAt: at, telegramMessageId: pivot.telegramMessageId, id: { lt: pivot.id } }]),
      ],
    };
  }
  const rows = await db().message.findMany({
    where: { AND: [{ conversationId }, beforeWhere] },
    orderBy: [{ createdAt: "desc" }, { telegramMessageId: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    take: query.limit + 1,
    select: MESSAGE_SELECT,
  });
  const page = rows.slice(0, query.limit).reverse();
  return { items: page.map(toMessageView), hasMore: rows.length > query.limit };
}
