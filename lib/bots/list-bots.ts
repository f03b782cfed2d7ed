import { db } from "../db/client";

/** Bots with their audience size; never includes tokens or secrets. */
export async function listBots() {
  const bots = await db().bot.findMany({ orderBy: { createdAt: "asc" } });
  const counts = await db().telegramUser.groupBy({ by: ["botId"], _count: { _all: true } });
  const byBot = new Map(counts.map((c) => [c.botId, c._count._all]));
  return bots.map((b) => ({
    id: b.id,
    telegramId: b.telegramId.toString(),
    username: b.username,
    name: b.name,
    apiRoot: b.apiRoot,
    updateMode: b.updateMode,
    isDemo: b.isDemo,
    createdAt: b.createdAt,
    lastError: b.lastError,
    lastUpdateAt: b.lastUpdateAt,
    userCount: byBot.get(b.id) ?? 0,
  }));
}

/** Just the bots' ids and usernames, for pickers (no audience counts). */
export async function listBotChoices() {
  return db().bot.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, username: true } });
}

export type TBotSummary = Awaited<ReturnType<typeof listBots>>[number];
