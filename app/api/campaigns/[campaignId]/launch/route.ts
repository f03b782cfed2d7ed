import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";

type Ctx = { params: Promise<{ campaignId: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:send");
  return ok(await launchCampaign((await params).campaignId));
});
