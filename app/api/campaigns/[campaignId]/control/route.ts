import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { controlCampaign } from "@/lib/campaigns/control-campaign";
import { ZCampaignAction } from "@/lib/campaigns/schemas";

type Ctx = { params: Promise<{ campaignId: string }> };

/** Pause, resume, cancel, or continue to the next stage. */
export const POST = route<Ctx>(async (req, { params }) => {
  await requirePermission("campaigns:send");
  const { action } = parseInput(ZCampaignAction, await readJson(req));
  return ok(await controlCampaign((await params).campaignId, action));
});
