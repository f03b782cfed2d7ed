import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { createCannedReply, listCannedReplies } from "@/lib/inbox/canned-replies";
import { ZCannedReply } from "@/lib/inbox/schemas";

export const GET = route(async () => {
  await requirePermission("inbox:use");
  return ok(await listCannedReplies());
});

export const POST = route(async (req) => {
  const staff = await requirePermission("inbox:use");
  const input = parseInput(ZCannedReply, await readJson(req));
  return ok({ reply: await createCannedReply(staff, input) }, 201);
});
