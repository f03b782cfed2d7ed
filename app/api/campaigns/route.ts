import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { ZCreateCampaign } from "@/lib/campaigns/schemas";

export const GET = route(async (req) => {
  await requirePermission("campaigns:read");
  const botId = new URL(req.url).searchParams.get("botId") || undefined;
  return ok({ campaigns: await listCampaigns(botId) });
});

export const POST = route(async (req) => {
  const staff = await requirePermission("campaigns:send");
  const input = parseInput(ZCreateCampaign, await readJson(req));
  return ok({ campaign: await createCampaign(input, staff.id) }, 201);
});
