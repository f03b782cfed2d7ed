// The conversation list: open/closed, mine/unassigned/all, search by name,
// username or message text; keyset pagination on (lastMessageAt, id) so every
// page costs the same however deep it is.
import { db, type Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import type { TListConversations } from "./schemas";
import { visibleWhere } from "./visibility";
import { likeEscape } from "../db/sql";

type TCursor = { at: string; id: string };

function encodeCursor(c: TCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");
}

function decodeCursor(raw: string): TCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) throw new Error("bad");
    return { at, id };
  } catch {
    throw new AppError("INVALID_INPUT", "cursor: not a cursor from this list; reload the list.");
  }
}

export const CONVERSATION_LIST_SELECT = {
  id: true,
  status: true,
  lastMessageAt: true,
  lastMessagePreview: true,
  lastMessageDirection: true,
  unreadCount: true,
  handoffAt: true,
  assignee: { select: { id: true, name: true } },
  bot: { select: { id: true, username: true } },
  user: { select: { id: true, firstName: true, lastName: true, username: true, blockedAt: true, languageCode: true } },
} as const satisfies Prisma.ConversationSelect;

export type TConversationRow = ReturnType<typeof toConversationRow>;

export function toConversationRow(c: Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_LIST_SELECT }>) {
  return {
    id: c.id,
    status: c.status === "OPEN" ? ("open" as const) : ("closed" as const),
    lastMessageAt: c.lastMessageAt.toISOString(),
    preview: c.lastMessagePreview,
    previewDirection: c.lastMessageDirection === "IN" ? ("in" as const) : c.lastMessageDirection === "OUT" ? ("out" as const) : null,
    unread: c.unreadCount,
    handoff: c.handoffAt !== null,
    assignee: c.assignee,
    bot: c.bot,
    user: {
      id: c.user.id,
      name: [c.user.firstName, c.user.lastName].filter(Boolean).join(" "),
      username: c.user.username,
      blocked: c.user.blockedAt !== null,
      language: c.user.languageCode,
    },
  };
}

/**
 * Search: every word of the query must be in the user's first name, last name or
 * @username (so "James Clark" finds James Clark: any piece of "first last" is), or the
 * whole query in any message's text. Prisma parameterises every word; at most 5 words.
 */
export function conversationSearchWhere(raw: string): Prisma.ConversationWhereInput {
  const q = likeEscape(raw.trim()); // Prisma's `contains` is ILIKE '%…%'
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  const nameWords: Prisma.TelegramUserWhereInput[] = words.map((w) => {
    const word = w.replace(/^@/, "");
    return {
      OR: [
        { firstName: { contains: word, mode: "insensitive" } },
        { lastName: { contains: word, mode: "insensitive" } },
        { username: { contains: word, mode: "insensitive" } },
      ],
    };
  });
  return { OR: [{ user: { AND: nameWords } }, { messages: { some: { text: { contains: q, mode: "insensitive" } } } }] };
}

export async function listConversations(staff: TStaffSession, query: TListConversations) {
  const and: Prisma.ConversationWhereInput[] = [visibleWhere(staff), { status: query.status === "open" ? "OPEN" : "CLOSED" }];
  if (query.view === "mine") and.push({ assigneeId: staff.id });
  if (query.view === "unassigned") and.push({ assigneeId: null });
  if (query.q) and.push(conversationSearchWhere(query.q));
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const at = new Date(c.at);
    and.push({ OR: [{ lastMessageAt: { lt: at } }, { lastMessageAt: at, id: { lt: c.id } }] });
  }
  const rows = await db().conversation.findMany({
    where: { AND: and },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: CONVERSATION_LIST_SELECT,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toConversationRow),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.lastMessageAt.toISOString(), id: last.id }) : null,
  };
}

/** Counts for the list's tabs, for the status the list shows (open by default). */
export async function countConversations(staff: TStaffSession, status: TListConversations["status"] = "open") {
  const base: Prisma.ConversationWhereInput = { AND: [visibleWhere(staff), { status: status === "open" ? "OPEN" : "CLOSED" }] };
  const [all, mine, unassigned, unread] = await Promise.all([
    db().conversation.count({ where: base }),
    db().conversation.count({ where: { AND: [base, { assigneeId: staff.id }] } }),
    db().conversation.count({ where: { AND: [base, { assigneeId: null }] } }),
    db().conversation.count({ where: { AND: [base, { unreadCount: { gt: 0 } }] } }),
  ]);
  return { all, mine, unassigned, unread };
}
