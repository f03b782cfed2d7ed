import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { ZLifecycleSettings, getLifecycleSettings, saveLifecycleSettings } from "@/lib/segments/lifecycle";

export const GET = route(async () => {
  await requirePermission("segments:read");
  return ok({ settings: await getLifecycleSettings() });
});

export const PUT = route(async (req) => {
  await requirePermission("segments:edit");
  return ok({ settings: await saveLifecycleSettings(parseInput(ZLifecycleSettings, await readJson(req))) });
});
