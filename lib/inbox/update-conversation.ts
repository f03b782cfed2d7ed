// Close / reopen, assign / unassign / transfer, mark read. Every assignment
// change is kept in the history and announced to every open console.
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { can } from "../auth/permissions";
import { AppError } from "../errors/app-error";
import { publishInboxEvent } from "../realtime/publish";
import type { TUpdateConversation } from "./schemas";
import { seesAll, visibleConversation } from "./visibility";

export async function updateConversation(staff: TStaffSession, conversationId: string, input: TUpdateConversation) {
  const current = await visibleConversation(staff, conversationId);

  if (input.assigneeId !== undefined && input.assigneeId !== current.assigneeId) {
    const toOther = input.assigneeId !== null && input.assigneeId !== staff.id;
    const fromOther = current.assigneeId !== null && current.assigneeId !== staff.id;
    // Agents take unassigned chats, give up their own, and pass their own on; managers do anything.
    if (!seesAll(staff) && fromOther) throw new AppError("FORBIDDEN", "This conversation is assigned to someone else; ask a manager to transfer it.");
    if (toOther || input.assigneeId === staff.id) {
      const target = await db().staffUser.findUnique({ where: { id: input.assigneeId! }, select: { id: true, role: true, disabledAt: true, name: true } });
      if (!target || target.disabledAt) throw new AppError("INVALID_INPUT", "assigneeId: no active staff member with this id.");
      if (!can(target.role, "inbox:use")) throw new AppError("INVALID_INPUT", `assigneeId: ${target.name} cannot use the inbox (role ${target.role.toLowerCase()}).`);
    }
  }

  await db().$transaction(async (tx) => {
    const data: { status?: "OPEN" | "CLOSED"; closedAt?: Date | null; handoffAt?: Date | null; assigneeId?: string | null; unreadCount?: number; lastReadAt?: Date } = {};
    if (input.status === "closed" && current.status !== "CLOSED") Object.assign(data, { status: "CLOSED", closedAt: new Date(), handoffAt: null });
    if (input.status === "open" && current.status !== "OPEN") Object.assign(data, { status: "OPEN", closedAt: null });
    if (input.read) Object.assign(data, { unreadCount: 0, lastReadAt: new Date() });
    const assignChanged = input.assigneeId !== undefined && input.assigneeId !== current.assigneeId;
    if (assignChanged) data.assigneeId = input.assigneeId ?? null;
    // Assigned to a person: they have the chat, and the bot's automated replies pause (botRepliesPaused).
    if (assignChanged && input.assigneeId && !current.handoffAt && data.status !== "CLOSED") data.handoffAt = new Date();
    if (Object.keys(data).length === 0) return;
    // Only if nobody changed the assignee since we read it: two agents taking the same chat at once must not both win.
    const { count } = await tx.conversation.updateMany({ where: { id: conversationId, ...(assignChanged ? { assigneeId: current.assigneeId } : {}) }, data });
    if (count === 0) throw new AppError("CONFLICT", "Someone else changed the assignee meanwhile; reload the conversation.");
    if (assignChanged) {
      const to = input.assigneeId ? await tx.staffUser.findUnique({ where: { id: input.assigneeId }, select: { name: true } }) : null;
      await tx.conversationAssignment.create({
        data: {
          conversationId,
          fromStaffId: current.assigneeId,
          toStaffId: input.assigneeId ?? null,
          byStaffId: staff.id,
          reason: input.assigneeId === null ? "unassign" : current.assigneeId ? "transfer" : "assign",
        },
      });
      await publishInboxEvent(tx, {
        kind: "conversation.assigned",
        conversationId,
        payload: { assigneeId: input.assigneeId ?? null, assigneeName: to?.name ?? null, fromId: current.assigneeId, byName: staff.name },
      });
    }
    if (data.status || data.unreadCount === 0) {
      await publishInboxEvent(tx, { kind: "conversation.updated", conversationId, payload: { reason: data.status ? "status" : "read" } });
    }
  });
  return { ok: true };
}
