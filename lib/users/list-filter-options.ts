import { db } from "../db/client";

/** Values offered by the Users table's filters: segments, tags and the most common sources. */
export async function listFilterOptions() {
  const [segments, tags, sources] = await Promise.all([
    db().segment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().tag.findMany({ orderBy: { name: "asc" }, select: { name: true, color: true } }),
    db().telegramUser.groupBy({ by: ["source"], _count: { _all: true }, orderBy: { _count: { source: "desc" } }, take: 50 }),
  ]);
  return { segments, tags, sources: sources.map((s) => ({ source: s.source, count: s._count._all })) };
}
