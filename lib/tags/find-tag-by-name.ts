import { db, type Prisma, type TDb } from "../db/client";

type Tx = Prisma.TransactionClient | TDb;

/**
 * The tag with this name in any letter case (an exact-case match first). Not Prisma's
 * `mode: "insensitive"` equals: that is ILIKE, where _ and % in a name act as wildcards.
 */
export async function findTagByName(name: string, tx?: Tx): Promise<{ id: string; name: string; color: string } | null> {
  const rows = await (tx ?? db()).$queryRaw<{ id: string; name: string; color: string }[]>`
    SELECT "id", "name", "color" FROM "Tag" WHERE lower("name") = lower(${name}) ORDER BY "name" = ${name} DESC LIMIT 1`;
  return rows[0] ?? null;
}
