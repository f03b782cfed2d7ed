// A stored segment as the compiler sees it (for `segment` conditions).
import { db, type Prisma, type TDb } from "../db/client";
import type { TSegmentRef } from "./compile-rules";
import { ZRules } from "./rules";

export async function loadSegmentRef(
  botId: string,
  segmentId: string,
  client: Prisma.TransactionClient | TDb = db(),
): Promise<TSegmentRef | null> {
  const row = await client.segment.findFirst({
    where: { id: segmentId, botId },
    select: { id: true, name: true, kind: true, rules: true },
  });
  if (!row) return null;
  // Stored rules were validated when saved; parse again so an old document still compiles safely.
  const rules = ZRules.parse(row.rules);
  return { id: row.id, name: row.name, kind: row.kind, rules };
}
