import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listBots } from "@/lib/bots/list-bots";
import { addBot } from "@/lib/bots/add-bot";
import { ZAddBot } from "@/lib/bots/schemas";

export const GET = route(async () => {
  await requirePermission("bots:read");
  return ok({ bots: await listBots() });
});

export const POST = route(async (req) => {
  await requirePermission("bots:manage");
  const input = parseInput(ZAddBot, await readJson(req));
  const bot = await addBot(input);
  return ok({ bot: { id: bot.id, username: bot.username, name: bot.name, apiRoot: bot.apiRoot, updateMode: bot.updateMode }, tokenUpdated: bot.tokenUpdated }, bot.tokenUpdated ? 200 : 201);
});
