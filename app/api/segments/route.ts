import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listSegments } from "@/lib/segments/list-segments";
import { createSegment } from "@/lib/segments/save-segment";
import { ZCreateSegment } from "@/lib/segments/schemas";

export const GET = route(async (req) => {
  await requirePermission("segments:read");
  const botId = new URL(req.url).searchParams.get("botId") || undefined;
  return ok({ segments: await listSegments(botId) });
});

export const POST = route(async (req) => {
  const staff = await requirePermission("segments:edit");
  const input = parseInput(ZCreateSegment, await readJson(req));
  return ok({ segment: await createSegment(input, staff.id) }, 201);
});
