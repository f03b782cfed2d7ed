// An agent's reply or internal note. The reply is stored as PENDING first (one
// row per clientId, so a retried submit never sends twice) and delivered by the
// `inbox.deliver-message` job; a note is stored and never leaves Tagflow.
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";
import { publishInboxEvent } from "../realtime/publish";
import { MESSAGE_SELECT, toMessageView } from "./list-messages";
import type { TSendMessage } from "./schemas";
import { previewOf, touchConversation } from "./touch-conversation";
import { visibleText } from "./format";
import { visibleConversation } from "./visibility";

export async function sendMessage(staff: TStaffSession, conversationId: string, input: TSendMessage) {
  await visibleConversation(staff, conversationId);
  const sameSubmit = <M extends { conversationId: string }>(m: M): M => {
    // clientIds are unique across conversations: never hand out another conversation's message.
    if (m.conversationId !== conversationId) throw new AppError("CONFLICT", "clientId: already used for another conversation; send again.");
    return m;
  };
  const existing = await db().message.findUnique({ where: { clientId: input.clientId }, select: MESSAGE_SELECT });
  if (existing) return { message: toMessageView(sameSubmit(existing)), duplicate: true };

  let duplicate = false;

  const message = await db().$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        conversationId,
        direction: "OUT",
        text: input.text,
        senderStaffId: staff.id,
        clientId: input.clientId,
        isNote: input.note,
        deliveryState: input.note ? "NOTE" : "PENDING",
      },
      select: MESSAGE_SELECT,
    });
    const view = toMessageView(created);
    await publishInboxEvent(tx, { kind: "message.created", conversationId, payload: { message: view } });
    if (!input.note) {
      const c = await touchConversation(tx, conversationId, { preview: previewOf(visibleText(input.text)), direction: "OUT", at: created.createdAt, inbound: false });
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
  }).catch(async (e: unknown) => {
    // Two submits of the same clientId raced: return the one that won.
    const winner = await db().message.findUnique({ where: { clientId: input.clientId }, select: MESSAGE_SELECT });
    if (!winner) throw e;
    duplicate = true;
    return toMessageView(sameSubmit(winner));
  });
  // The submit that lost the race returns the winner's message; only the winner enqueues its delivery.
  if (duplicate) return { message, duplicate: true };

  if (!input.note && message.state === "pending") {
    await enqueue("inbox.deliver-message", { messageId: message.id });
  }
  return { message, duplicate: false };
}
