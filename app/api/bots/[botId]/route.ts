import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { removeBot } from "@/lib/bots/remove-bot";
import { updateBot } from "@/lib/bots/update-bot";
import { ZUpdateBot } from "@/lib/bots/schemas";

type Ctx = { params: Promise<{ botId: string }> };

export const PATCH = route<Ctx>(async (req, { params }) => {
  await requirePermission("bots:manage");
  const input = parseInput(ZUpdateBot, await readJson(req));
  const bot = await updateBot((await params).botId, input);
  return ok({ bot: { id: bot.id, updateMode: bot.updateMode, apiRoot: bot.apiRoot } });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  await requirePermission("bots:manage");
  await removeBot((await params).botId);
  return ok({ deleted: true });
});
