// Small SQL fragments shared by the modules that write raw queries.
import { Prisma } from "./client";

/** An instant as a `timestamp` parameter: Prisma stores DateTime as UTC without a time zone. */
export function sqlTimestamp(d: Date): Prisma.Sql {
  return Prisma.sql`${d.toISOString().slice(0, 23)}::timestamp`;
}

/** Text for a LIKE / ILIKE pattern (or Prisma's `contains`) in which %, _ and \ mean themselves. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
