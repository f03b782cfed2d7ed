// A segment's size history: one point per day (for the list's sparkline), written when
// a segment is saved and by the daily job. Idempotent per day (a later write the same day
// overwrites that day's figure). A segment whose rules no longer compile (e.g. a
// referenced segment was removed by hand) is skipped by the job and logged.
import { db, type Prisma } from "../db/client";
import { log } from "../log";
import { evaluateSegment } from "./evaluate-segment";
import { ZRules } from "./rules";

/** Today's point of the size history, and the segment's last known size. */
export async function recordSegmentSize(tx: Prisma.TransactionClient, segmentId: string, size: number, now: Date) {
  const day = new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  await tx.segmentSize.upsert({ where: { segmentId_day: { segmentId, day } }, create: { segmentId, day, size }, update: { size } });
  return tx.segment.update({ where: { id: segmentId }, data: { lastCount: size, lastCountAt: now } });
}

export async function recordSegmentSizes(now = new Date()): Promise<number> {
  const segments = await db().segment.findMany({ select: { id: true, botId: true, name: true, kind: true, rules: true } });
  let recorded = 0;
  for (const s of segments) {
    try {
      const size =
        s.kind === "STATIC"
          ? await db().segmentMember.count({ where: { segmentId: s.id } })
          : (await evaluateSegment(ZRules.parse(s.rules), { botId: s.botId, now, self: { id: s.id, name: s.name } })).count;
      await db().$transaction((tx) => recordSegmentSize(tx, s.id, size, now));
      recorded++;
    } catch (e) {
      log.warn("segment size not recorded", { segmentId: s.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return recorded;
}
