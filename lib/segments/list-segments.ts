// The segment list: each segment with its last known size and its daily sizes
// (the sparkline) over the last 30 days.
import { db } from "../db/client";

const DAY_MS = 86_400_000;

export async function listSegments(botId?: string) {
  const since = new Date(Date.now() - 30 * DAY_MS);
  const rows = await db().segment.findMany({
    where: botId ? { botId } : {},
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: {
      id: true, botId: true, name: true, description: true, kind: true, rules: true, lastCount: true, lastCountAt: true,
      frozenAt: true, updatedAt: true,
      bot: { select: { username: true } },
      createdBy: { select: { name: true } },
      sizes: { where: { day: { gte: since } }, orderBy: { day: "asc" }, select: { day: true, size: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    botId: r.botId,
    bot: r.bot.username,
    name: r.name,
    description: r.description,
    kind: r.kind,
    rules: r.rules,
    lastCount: r.lastCount,
    lastCountAt: r.lastCountAt?.toISOString() ?? null,
    frozenAt: r.frozenAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy?.name ?? null,
    sizes: r.sizes.map((s) => ({ day: s.day.toISOString().slice(0, 10), size: s.size })),
  }));
}
export type TSegmentListItem = Awaited<ReturnType<typeof listSegments>>[number];

/** One segment; `memberCount` is a static segment's frozen members now (null for a dynamic one). */
export async function getSegment(segmentId: string) {
  const row = await db().segment.findUnique({
    where: { id: segmentId },
    select: {
      id: true, botId: true, name: true, description: true, kind: true, rules: true, lastCount: true,
      lastCountAt: true, frozenAt: true, createdAt: true, updatedAt: true,
      _count: { select: { members: true } },
    },
  });
  if (!row) return null;
  const { _count, ...segment } = row;
  return { ...segment, memberCount: segment.kind === "STATIC" ? _count.members : null };
}
