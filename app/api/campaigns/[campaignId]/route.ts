import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { deleteCampaign, getCampaign } from "@/lib/campaigns/list-campaigns";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { ZUpdateCampaign } from "@/lib/campaigns/schemas";

type Ctx = { params: Promise<{ campaignId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:read");
  return ok({ campaign: await getCampaign((await params).campaignId) });
});

export const PATCH = route<Ctx>(async (req, { params }) => {
  await requirePermission("campaigns:send");
  const input = parseInput(ZUpdateCampaign, await readJson(req));
  return ok({ campaign: await updateCampaign((await params).campaignId, input) });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  await requirePermission("campaigns:send");
  return ok(await deleteCampaign((await params).campaignId));
});
