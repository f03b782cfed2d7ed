// Publishing freezes the draft into a new FlowVersion and bumps the bot's flows revision:
// every worker rebuilds the bot's handlers on its next update, without a restart. Publishes
// of one bot are serialised (the bot row is locked) so two flows can never both claim a
// command. A flow with errors is refused with the errors, naming their nodes.
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { flowCheckContext } from "./check-context";
import { checkFlow, parseFlowDocument } from "./document";

export async function publishFlow(flowId: string, staffId: string | null) {
  return db().$transaction(async (tx) => {
    const flow = await tx.flow.findUnique({ where: { id: flowId }, select: { botId: true, draft: true, draftRevision: true, name: true } });
    if (!flow) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
    await tx.$queryRaw`SELECT 1 FROM "Bot" WHERE "id" = ${flow.botId} FOR UPDATE`;
    const document = parseFlowDocument(flow.draft);
    const issues = checkFlow(document, await flowCheckContext(flow.botId, flowId, tx));
    const errors = issues.filter((i) => i.severity === "error");
    if (errors.length > 0) {
      throw new AppError("INVALID_INPUT", `The flow has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before publishing: ${errors[0]!.message}`, { issues });
    }
    const last = await tx.flowVersion.findFirst({ where: { flowId }, orderBy: { version: "desc" }, select: { version: true } });
    const version = await tx.flowVersion.create({
      data: { flowId, version: (last?.version ?? 0) + 1, document: document as unknown as Prisma.InputJsonValue, draftRevision: flow.draftRevision, publishedById: staffId },
      select: { id: true, version: true, publishedAt: true },
    });
    await tx.flow.update({ where: { id: flowId }, data: { publishedVersionId: version.id, publishedAt: version.publishedAt } });
    await tx.bot.update({ where: { id: flow.botId }, data: { flowsRevision: { increment: 1 } } });
    return { version: version.version, publishedAt: version.publishedAt, issues };
  });
}
