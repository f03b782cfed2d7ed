import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { getFlow } from "@/lib/flows/get-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { deleteFlow } from "@/lib/flows/delete-flow";
import { ZSaveDraft } from "@/lib/flows/schemas";

type Ctx = { params: Promise<{ flowId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("flows:edit");
  return ok(await getFlow((await params).flowId));
});

export const PUT = route<Ctx>(async (req, { params }) => {
  await requirePermission("flows:edit");
  const input = parseInput(ZSaveDraft, await readJson(req));
  return ok(await saveDraft((await params).flowId, input));
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  await requirePermission("flows:edit");
  return ok(await deleteFlow((await params).flowId));
});
