import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { deleteCannedReply } from "@/lib/inbox/canned-replies";

type Ctx = { params: Promise<{ replyId: string }> };

export const DELETE = route<Ctx>(async (_req, { params }) => {
  await requirePermission("inbox:manage");
  return ok(await deleteCannedReply((await params).replyId));
});
