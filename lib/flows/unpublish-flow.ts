// Unpublishing removes the flow's handlers from the running bot (revision bump) and ends
// the runs waiting in it. Refused while another published flow goes to it.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { readFlowDocument } from "./document";

export async function unpublishFlow(flowId: string) {
  return db().$transaction(async (tx) => {
    const flow = await tx.flow.findUnique({ where: { id: flowId }, select: { botId: true, publishedVersionId: true } });
    if (!flow) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
    if (!flow.publishedVersionId) return { ok: true, changed: false };
    await tx.$queryRaw`SELECT 1 FROM "Bot" WHERE "id" = ${flow.botId} FOR UPDATE`;
    const others = await tx.flow.findMany({
      where: { botId: flow.botId, id: { not: flowId }, publishedVersionId: { not: null } },
      select: { name: true, publishedVersion: { select: { document: true } } },
    });
    const referrers = others.filter((o) =>
      readFlowDocument(o.publishedVersion?.document)?.nodes.some((n) => n.type === "go-to-flow" && (n.data as { flowId: string }).flowId === flowId),
    );
    if (referrers.length > 0) {
      throw new AppError("CONFLICT", `The published flow${referrers.length > 1 ? "s" : ""} ${referrers.map((r) => `“${r.name}”`).join(", ")} go${referrers.length > 1 ? "" : "es"} to this flow. Change or unpublish ${referrers.length > 1 ? "them" : "it"} first.`);
    }
    await tx.flow.update({ where: { id: flowId }, data: { publishedVersionId: null, publishedAt: null } });
    await tx.flowRun.updateMany({ where: { flowId, status: { in: ["WAITING_REPLY", "WAITING_DELAY"] } }, data: { status: "CANCELLED", seq: { increment: 1 } } });
    await tx.bot.update({ where: { id: flow.botId }, data: { flowsRevision: { increment: 1 } } });
    return { ok: true, changed: true };
  });
}
