// Who sees which conversations: managers and admins see every conversation;
// agents see unassigned ones and their own.
import type { Prisma } from "../db/client";
import { can } from "../auth/permissions";
import type { TStaffSession } from "../auth/session";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export function seesAll(staff: TStaffSession): boolean {
  return can(staff.role, "inbox:manage");
}

export function visibleWhere(staff: TStaffSession): Prisma.ConversationWhereInput {
  return seesAll(staff) ? {} : { OR: [{ assigneeId: null }, { assigneeId: staff.id }] };
}

/** The conversation, or 404 when it does not exist or this person may not see it. */
export async function visibleConversation(staff: TStaffSession, conversationId: string) {
  const conversation = await db().conversation.findFirst({ where: { AND: [{ id: conversationId }, visibleWhere(staff)] } });
  if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist or is assigned to someone else.");
  return conversation;
}
