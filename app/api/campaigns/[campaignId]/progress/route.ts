import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { campaignProgress } from "@/lib/campaigns/campaign-progress";

type Ctx = { params: Promise<{ campaignId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:read");
  return ok(await campaignProgress((await params).campaignId));
});
