import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export const STATS_DAYS = 7;

/** Users who reached each node of the flow in the last 7 days (today included). */
export async function flowStats(flowId: string) {
  const flow = await db().flow.findUnique({ where: { id: flowId }, select: { id: true } });
  if (!flow) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
  const rows = await db().$queryRaw<{ nodeId: string; n: number }[]>`
    SELECT "nodeId", count(DISTINCT "telegramUserId")::int AS n FROM "FlowNodeVisit"
    WHERE "flowId" = ${flowId} AND "day" > CURRENT_DATE - ${STATS_DAYS}::int
    GROUP BY "nodeId"`;
  return { days: STATS_DAYS, nodes: Object.fromEntries(rows.map((r) => [r.nodeId, r.n])) };
}
