import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { campaignReport } from "@/lib/campaigns/campaign-report";

type Ctx = { params: Promise<{ campaignId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:read");
  return ok(await campaignReport((await params).campaignId));
});
