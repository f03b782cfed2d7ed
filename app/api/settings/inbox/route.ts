import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { ZInboxSettings, getInboxSettings, saveInboxSettings } from "@/lib/inbox/settings";

export const GET = route(async () => {
  await requirePermission("inbox:use");
  return ok({ settings: await getInboxSettings() });
});

export const PUT = route(async (req) => {
  await requirePermission("inbox:manage");
  const input = parseInput(ZInboxSettings, await readJson(req));
  return ok({ settings: await saveInboxSettings(input) });
});
