// One conversation with what the side panel shows: the user's profile, tags,
// recent events and the assignment history.
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { CONVERSATION_LIST_SELECT, toConversationRow } from "./list-conversations";
import { visibleConversation } from "./visibility";

export async function getConversation(staff: TStaffSession, conversationId: string) {
  await visibleConversation(staff, conversationId);
  const c = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      ...CONVERSATION_LIST_SELECT,
      assignments: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, reason: true, createdAt: true, from: { select: { name: true } }, to: { select: { name: true } }, by: { select: { name: true } } },
      },
    },
  });
  const user = await db().telegramUser.findUniqueOrThrow({
    where: { id: c.user.id },
    select: {
      telegramId: true, firstSeenAt: true, lastSeenAt: true, source: true, isPremium: true, attributes: true, unsubscribedAt: true,
      tags: { orderBy: { appliedAt: "asc" }, select: { appliedAt: true, appliedVia: true, appliedByRef: true, tag: { select: { id: true, name: true, color: true } }, appliedBy: { select: { name: true } } } },
      events: { orderBy: { occurredAt: "desc" }, take: 15, select: { id: true, name: true, properties: true, occurredAt: true } },
    },
  });
  return {
    ...toConversationRow(c),
    assignments: c.assignments.map((a) => ({
      id: a.id, reason: a.reason, at: a.createdAt.toISOString(), from: a.from?.name ?? null, to: a.to?.name ?? null, by: a.by?.name ?? null,
    })),
    profile: {
      telegramId: user.telegramId.toString(),
      firstSeenAt: user.firstSeenAt.toISOString(),
      lastSeenAt: user.lastSeenAt.toISOString(),
      source: user.source,
      isPremium: user.isPremium,
      unsubscribed: user.unsubscribedAt !== null,
      attributes: (user.attributes ?? {}) as Record<string, unknown>,
      tags: user.tags.map((t) => ({
        id: t.tag.id, name: t.tag.name, color: t.tag.color, appliedAt: t.appliedAt.toISOString(), via: t.appliedVia,
        by: t.appliedBy?.name ?? t.appliedByRef ?? null,
      })),
      events: user.events.map((e) => ({ id: e.id.toString(), name: e.name, properties: e.properties as Record<string, unknown>, occurredAt: e.occurredAt.toISOString() })),
    },
  };
}

export type TConversationDetail = Awaited<ReturnType<typeof getConversation>>;
