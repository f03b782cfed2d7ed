import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { testSend } from "@/lib/campaigns/test-send";
import { ZTestSend } from "@/lib/campaigns/schemas";

type Ctx = { params: Promise<{ campaignId: string }> };

export const POST = route<Ctx>(async (req, { params }) => {
  await requirePermission("campaigns:send");
  const input = parseInput(ZTestSend, await readJson(req));
  return ok(await testSend((await params).campaignId, input.telegramUserIds, input.variantId));
});
