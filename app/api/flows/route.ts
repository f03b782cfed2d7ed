import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listFlows } from "@/lib/flows/list-flows";
import { createFlow } from "@/lib/flows/create-flow";
import { ZCreateFlow } from "@/lib/flows/schemas";

export const GET = route(async (req) => {
  await requirePermission("flows:edit");
  const botId = new URL(req.url).searchParams.get("botId") || undefined;
  return ok({ flows: await listFlows(botId) });
});

export const POST = route(async (req) => {
  const staff = await requirePermission("flows:edit");
  const input = parseInput(ZCreateFlow, await readJson(req));
  return ok({ flow: await createFlow(input, staff.id) }, 201);
});
