import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { getLifecycleSettings, lifecycleStage } from "../segments/lifecycle";

export async function getUserProfile(id: string, eventLimit = 100) {
  const user = await db().telegramUser.findUnique({
    where: { id },
    include: {
      bot: { select: { id: true, username: true, name: true } },
      tags: {
        orderBy: { appliedAt: "asc" },
        select: { appliedAt: true, appliedVia: true, appliedByRef: true, tag: { select: { id: true, name: true, color: true } }, appliedBy: { select: { name: true } } },
      },
      events: { orderBy: { occurredAt: "desc" }, take: eventLimit, select: { id: true, name: true, properties: true, occurredAt: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "This Telegram user does not exist.");
  const [eventCount, lifecycle, conversation] = await Promise.all([
    db().event.count({ where: { telegramUserId: id } }),
    getLifecycleSettings(),
    // The user's chat in the inbox, if they have one (the latest, open or closed).
    db().conversation.findFirst({ where: { telegramUserId: id }, orderBy: { lastMessageAt: "desc" }, select: { id: true, status: true } }),
  ]);
  return {
    id: user.id,
    telegramId: user.telegramId.toString(),
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    languageCode: user.languageCode,
    isPremium: user.isPremium,
    firstSeenAt: user.firstSeenAt.toISOString(),
    lastSeenAt: user.lastSeenAt.toISOString(),
    source: user.source,
    sourceAt: user.sourceAt?.toISOString() ?? null,
    blockedAt: user.blockedAt?.toISOString() ?? null,
    unsubscribedAt: user.unsubscribedAt?.toISOString() ?? null,
    attributes: (user.attributes ?? {}) as Record<string, unknown>,
    lifecycleStage: lifecycleStage(user, new Date(), lifecycle),
    bot: user.bot,
    tags: user.tags.map((t) => ({
      id: t.tag.id, name: t.tag.name, color: t.tag.color, appliedAt: t.appliedAt.toISOString(), via: t.appliedVia,
      by: t.appliedBy?.name ?? t.appliedByRef ?? null,
    })),
    events: user.events.map((e) => ({ id: e.id.toString(), name: e.name, properties: e.properties as Record<string, unknown>, occurredAt: e.occurredAt.toISOString() })),
    eventCount,
    conversation: conversation ? { id: conversation.id, status: conversation.status } : null,
  };
}

export type TUserProfile = Awaited<ReturnType<typeof getUserProfile>>;
