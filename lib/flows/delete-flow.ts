import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { unpublishFlow } from "./unpublish-flow";

/** Deletes a flow with its versions, runs and stats; a published flow is unpublished first. */
export async function deleteFlow(flowId: string) {
  const flow = await db().flow.findUnique({ where: { id: flowId }, select: { id: true } });
  if (!flow) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
  await unpublishFlow(flowId);
  await db().$transaction([
    db().flowNodeVisit.deleteMany({ where: { flowId } }),
    db().flow.delete({ where: { id: flowId } }),
  ]);
  return { ok: true };
}
