// What every agent reply or note has in common, text or photo: stored once per
// clientId (a retried or doubled submit returns the first one and never sends twice),
// the conversation's preview, handoff and assignment updated, the live events
// published in the same transaction, and the delivery job enqueued for replies.
import { db, Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";
import { publishInboxEvent } from "../realtime/publish";
import { MESSAGE_SELECT, toMessageView, type TMessageView } from "./list-messages";
import { touchConversation } from "./touch-conversation";
import { visibleConversation } from "./visibility";

export type TAgentReply = {
  clientId: string;
  text: string | null;
  /** An internal note: stored and shown to staff, never sent. */
  note: boolean;
  /** The conversation list's preview of this message. */
  preview: string;
  /** Runs first in the transaction, e.g. to store an upload; returns the message's media. */
  media?: (tx: Prisma.TransactionClient) => Promise<Prisma.InputJsonValue>;
};

export async function createAgentReply(staff: TStaffSession, conversationId: string, reply: TAgentReply): Promise<{ message: TMessageView; duplicate: boolean }> {
  await visibleConversation(staff, conversationId);
  const sameSubmit = <M extends { conversationId: string }>(m: M): M => {
    // clientIds are unique across conversations: never hand out another conversation's message.
    if (m.conversationId !== conversationId) throw new AppError("CONFLICT", "clientId: already used for another conversation; send again.");
    return m;
  };
  const existing = await db().message.findUnique({ where: { clientId: reply.clientId }, select: MESSAGE_SELECT });
  if (existing) return { message: toMessageView(sameSubmit(existing)), duplicate: true };

  let duplicate = false;
  const message = await db()
    .$transaction(async (tx) => {
      const media = reply.media ? await reply.media(tx) : undefined;
      const created = await tx.message.create({
        data: {
          conversationId,
          direction: "OUT",
          text: reply.text,
          media,
          senderStaffId: staff.id,
          clientId: reply.clientId,
          isNote: reply.note,
          deliveryState: reply.note ? "NOTE" : "PENDING",
        },
        select: MESSAGE_SELECT,
      });
      const view = toMessageView(created);
      await publishInboxEvent(tx, { kind: "message.created", conversationId, payload: { message: view } });
      if (!reply.note) {
        const c = await touchConversation(tx, conversationId, { preview: reply.preview, at: created.createdAt });
        // A person replying has the chat: the bot's automated replies pause (botRepliesPaused).
        if (!c.handoffAt) await tx.conversation.update({ where: { id: conversationId }, data: { handoffAt: created.createdAt } });
        // Replying takes the conversation: an unassigned chat becomes the replier's.
        if (!c.assigneeId) {
          await tx.conversation.update({ where: { id: conversationId }, data: { assigneeId: staff.id } });
          await tx.conversationAssignment.create({ data: { conversationId, toStaffId: staff.id, byStaffId: staff.id, reason: "reply" } });
          await publishInboxEvent(tx, { kind: "conversation.assigned", conversationId, payload: { assigneeId: staff.id, assigneeName: staff.name } });
        }
        await publishInboxEvent(tx, { kind: "conversation.updated", conversationId, payload: { reason: "message" } });
      }
      return view;
    })
    .catch(async (e: unknown) => {
      // Two submits of the same clientId raced: return the one that won.
      const winner = await db().message.findUnique({ where: { clientId: reply.clientId }, select: MESSAGE_SELECT });
      if (!winner) throw e;
      duplicate = true;
      return toMessageView(sameSubmit(winner));
    });
  // The submit that lost the race returns the winner's message; only the winner enqueues its delivery.
  if (duplicate) return { message, duplicate: true };
  if (!reply.note && message.state === "pending") await enqueue("inbox.deliver-message", { messageId: message.id });
  return { message, duplicate: false };
}
