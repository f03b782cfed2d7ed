import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { flowCheckContext } from "./check-context";
import { checkFlow, migrateFlowDocument, readFlowDocument, type TFlowDocument, type TFlowIssue } from "./document";
import { flowStatus } from "./flow-status";

export async function getFlow(flowId: string) {
  const f = await db().flow.findUnique({
    where: { id: flowId },
    select: {
      id: true,
      botId: true,
      name: true,
      description: true,
      draft: true,
      draftRevision: true,
      publishedAt: true,
      updatedAt: true,
      publishedVersion: { select: { version: true, draftRevision: true } },
    },
  });
  if (!f) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
  const ctx = await flowCheckContext(f.botId, f.id);
  const migrated = migrateFlowDocument(f.draft);
  const draft = readFlowDocument(migrated);
  const issues: TFlowIssue[] = draft
    ? checkFlow(draft, ctx)
    : [{ nodeId: null, severity: "error", message: "The saved draft does not match the current document format." }];
  return {
    flow: {
      id: f.id,
      botId: f.botId,
      name: f.name,
      description: f.description,
      draft: migrated as TFlowDocument,
      draftRevision: f.draftRevision,
      publishedVersion: f.publishedVersion?.version ?? null,
      publishedAt: f.publishedAt,
      updatedAt: f.updatedAt,
      status: flowStatus(f),
    },
    issues,
    flows: ctx.others,
  };
}
