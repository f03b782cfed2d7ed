import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { sendTyping } from "@/lib/inbox/send-typing";

type Ctx = { params: Promise<{ conversationId: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  const staff = await requirePermission("inbox:use");
  return ok(await sendTyping(staff, (await params).conversationId));
});
