// Once a day: every segment's size, for the sparkline in the segment list. Idempotent
// per day (a re-run overwrites that day's figure). A segment whose rules no longer
// compile (e.g. a referenced segment was removed by hand) is skipped and logged.
import { db } from "../db/client";
import { log } from "../log";
import { evaluateSegment } from "./evaluate-segment";
import { ZRules } from "./rules";

export async function recordSegmentSizes(now = new Date()): Promise<number> {
  const day = new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const segments = await db().segment.findMany({ select: { id: true, botId: true, name: true, kind: true, rules: true } });
  let recorded = 0;
  for (const s of segments) {
    try {
      const size =
        s.kind === "STATIC"
          ? await db().segmentMember.count({ where: { segmentId: s.id } })
          : (await evaluateSegment(ZRules.parse(s.rules), { botId: s.botId, now, self: { id: s.id, name: s.name } })).count;
      await db().$transaction([
        db().segmentSize.upsert({
          where: { segmentId_day: { segmentId: s.id, day } },
          create: { segmentId: s.id, day, size },
          update: { size },
        }),
        db().segment.update({ where: { id: s.id }, data: { lastCount: size, lastCountAt: now } }),
      ]);
      recorded++;
    } catch (e) {
      log.warn("segment size not recorded", { segmentId: s.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return recorded;
}
