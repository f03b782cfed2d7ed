import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { publishFlow } from "@/lib/flows/publish-flow";

type Ctx = { params: Promise<{ flowId: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  const staff = await requirePermission("flows:edit");
  return ok(await publishFlow((await params).flowId, staff.id));
});
