import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listMessages } from "@/lib/inbox/list-messages";
import { sendMessage } from "@/lib/inbox/send-message";
import { ZListMessages, ZSendMessage } from "@/lib/inbox/schemas";
import { searchParamsToObject } from "@/lib/users/schemas";

type Ctx = { params: Promise<{ conversationId: string }> };

export const GET = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const query = parseInput(ZListMessages, searchParamsToObject(new URL(req.url).searchParams));
  return ok(await listMessages(staff, (await params).conversationId, query));
});

export const POST = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("inbox:use");
  const input = parseInput(ZSendMessage, await readJson(req));
  const result = await sendMessage(staff, (await params).conversationId, input);
  return ok(result, result.duplicate ? 200 : 201);
});
