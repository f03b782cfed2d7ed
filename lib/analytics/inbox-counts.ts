// The Overview's inbox figures for support staff: open conversations, those nobody is
// assigned to, and those with messages nobody has read. Three counts, no rows read.
import { db } from "../db/client";

export async function getInboxCounts() {
  const [open, unassigned, unread] = await Promise.all([
    db().conversation.count({ where: { status: "OPEN" } }),
    db().conversation.count({ where: { status: "OPEN", assigneeId: null } }),
    db().conversation.count({ where: { status: "OPEN", unreadCount: { gt: 0 } } }),
  ]);
  return { open, unassigned, unread };
}
