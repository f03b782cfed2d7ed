// Chat history, newest page first; `before` pages further back (infinite scroll).
import { db, type Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { visibleConversation } from "./visibility";

export const MESSAGE_SELECT = {
  id: true, conversationId: true, direction: true, text: true, media: true, buttons: true, deliveryState: true, failureReason: true,
  isNote: true, clientId: true, createdAt: true, sentAt: true, senderStaff: { select: { id: true, name: true } },
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
    sender: m.senderStaff,
  };
}
export type TMessageView = ReturnType<typeof toMessageView>;

export async function listMessages(staff: TStaffSession, conversationId: string, query: { before?: string; limit: number }) {
  await visibleConversation(staff, conversationId);
  let beforeWhere: Prisma.MessageWhereInput = {};
  if (query.before) {
    const pivot = await db().message.findFirst({ where: { id: query.before, conversationId }, select: { id: true, createdAt: true } });
    if (!pivot) throw new AppError("INVALID_INPUT", "before: no such message in this conversation.");
    beforeWhere = { OR: [{ createdAt: { lt: pivot.createdAt } }, { createdAt: pivot.createdAt, id: { lt: pivot.id } }] };
  }
  const rows = await db().message.findMany({
    where: { AND: [{ conversationId }, beforeWhere] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: MESSAGE_SELECT,
  });
  const page = rows.slice(0, query.limit).reverse();
  return { items: page.map(toMessageView), hasMore: rows.length > query.limit };
}
