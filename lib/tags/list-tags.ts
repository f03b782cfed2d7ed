import { db } from "../db/client";

/** Every tag with how many users carry it; `q` narrows by name (autocomplete). */
export async function listTags(q?: string) {
  const tags = await db().tag.findMany({
    where: q ? { name: { contains: q, mode: "insensitive" } } : {},
    orderBy: { name: "asc" },
    take: q ? 20 : 500,
    select: { id: true, name: true, color: true, _count: { select: { users: true } } },
  });
  return { items: tags.map((t) => ({ id: t.id, name: t.name, color: t.color, users: t._count.users })) };
}
