import { db } from "../db/client";

const DAY = 86_400_000;

/** Headline numbers and the latest activity for the Overview page. */
export async function getOverview() {
  const now = Date.now();
  const [users, active24h, new7d, blocked, recent] = await Promise.all([
    db().telegramUser.count(),
    db().telegramUser.count({ where: { lastSeenAt: { gte: new Date(now - DAY) } } }),
    db().telegramUser.count({ where: { firstSeenAt: { gte: new Date(now - 7 * DAY) } } }),
    db().telegramUser.count({ where: { blockedAt: { not: null } } }),
    db().event.findMany({
      orderBy: { id: "desc" },
      take: 12,
      select: { id: true, name: true, occurredAt: true, properties: true, user: { select: { id: true, firstName: true, username: true } } },
    }),
  ]);
  return {
    users, active24h, new7d, blocked,
    recent: recent.map((e) => ({
      id: e.id.toString(), name: e.name, occurredAt: e.occurredAt.toISOString(), properties: e.properties as Record<string, unknown>,
      user: { id: e.user.id, name: e.user.firstName, username: e.user.username },
    })),
  };
}
