// What one person's live stream may carry: managers and admins hear every
// conversation; agents hear unassigned conversations, their own, and the
// moment one is taken from them (so their screen can let go of it). Staff without the
// inbox hear only events that are not about a conversation (tag changes).
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import type { TInboxStreamEvent } from "../realtime/schemas";
import { seesAll } from "./visibility";
import { can } from "../auth/permissions";

export function createStreamFilter(staff: TStaffSession): (e: TInboxStreamEvent) => Promise<boolean> {
  // Without the inbox (marketers): events about users only, nothing of a conversation.
  if (!can(staff.role, "inbox:use")) return async (e) => e.kind === "resync" || !("conversationId" in e) || !e.conversationId;
  if (seesAll(staff)) return async () => true;
  // conversationId → assigneeId, kept current by the assignment events that pass through in order.
  const assignees = new Map<string, string | null>();
  return async (e) => {
    if (e.kind === "resync" || !("conversationId" in e) || !e.conversationId) return true;
    const id = e.conversationId;
    if (e.kind === "conversation.assigned") {
      const p = e.payload as { assigneeId?: string | null; fromId?: string | null };
      const to = p.assigneeId ?? null;
      assignees.set(id, to);
      return to === null || to === staff.id || p.fromId === staff.id;
    }
    if (!assignees.has(id)) {
      if (assignees.size > 5000) assignees.clear();
      const c = await db().conversation.findUnique({ where: { id }, select: { assigneeId: true } });
      assignees.set(id, c?.assigneeId ?? null);
    }
    const assignee = assignees.get(id) ?? null;
    return assignee === null || assignee === staff.id;
  };
}
