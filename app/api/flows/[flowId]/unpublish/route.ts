import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { unpublishFlow } from "@/lib/flows/unpublish-flow";

type Ctx = { params: Promise<{ flowId: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  await requirePermission("flows:edit");
  return ok(await unpublishFlow((await params).flowId));
});
