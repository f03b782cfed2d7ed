// The editor's autosave. The document is validated first (a 400 names the bad node) and
// written only if the editor's copy is based on the latest revision (else 409), so two
// tabs never silently overwrite each other and nothing invalid is stored.
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { flowCheckContext } from "./check-context";
import { flowNameTaken } from "./create-flow";
import { checkFlow, parseFlowDocument } from "./document";
import type { TSaveDraft } from "./schemas";

export async function saveDraft(flowId: string, input: TSaveDraft) {
  const draft = parseFlowDocument(input.draft);
  const flow = await db().flow.findUnique({ where: { id: flowId }, select: { botId: true } });
  if (!flow) throw new AppError("NOT_FOUND", "There is no such flow (it may have been deleted).");
  let updated: number;
  try {
    updated = (
      await db().flow.updateMany({
        where: { id: flowId, draftRevision: input.baseRevision },
        data: {
          draft: draft as unknown as Prisma.InputJsonValue,
          draftRevision: { increment: 1 },
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description || null } : {}),
        },
      })
    ).count;
  } catch (e) {
    flowNameTaken(e, input.name);
  }
  if (updated === 0) {
    throw new AppError("CONFLICT", "This flow was changed elsewhere (another tab or person) since you opened it. Reload to see the latest version; your last change was not saved.");
  }
  const issues = checkFlow(draft, await flowCheckContext(flow.botId, flowId));
  return { draftRevision: input.baseRevision + 1, issues };
}
