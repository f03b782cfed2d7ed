import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { checkCampaign } from "@/lib/campaigns/check-campaign";

type Ctx = { params: Promise<{ campaignId: string }> };

/** What still blocks the launch, the audience's size and the review's figures. */
export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:read");
  const c = await getCampaign((await params).campaignId);
  const { problems, audienceCount } = await checkCampaign(c);
  return ok({ problems, audienceCount });
});
