import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { flowStats } from "@/lib/flows/flow-stats";

type Ctx = { params: Promise<{ flowId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("flows:edit");
  return ok(await flowStats((await params).flowId));
});
