import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { listRuleOptions } from "@/lib/segments/list-rule-options";

export const GET = route(async (req) => {
  await requirePermission("segments:read");
  const botId = new URL(req.url).searchParams.get("botId");
  if (!botId) throw new AppError("INVALID_INPUT", "botId: choose a bot.");
  return ok(await listRuleOptions(botId));
});
