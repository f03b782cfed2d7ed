import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { getConversation } from "@/lib/inbox/get-conversation";
import { updateConversation } from "@/lib/inbox/update-conversation";
import { ZUpdateConversation } from "@/lib/inbox/schemas";
import { isAppError } from "@/lib/errors/app-error";

type Ctx = { params: Promise<{ conversationId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const staff = await requirePermission("inbox:use");
  return ok({ conversation: await getConversation(staff, (await params).conversationId) });
});

export const PATCH = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const input = parseInput(ZUpdateConversation, await readJson(req));
  const { conversationId } = await params;
  await updateConversation(staff, conversationId, input);
  // An agent who passed the conversation on no longer sees it: the change worked, there is just nothing to show.
  const conversation = await getConversation(staff, conversationId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  });
  return ok({ conversation });
});
