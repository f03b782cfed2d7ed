import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { previewSegment } from "@/lib/segments/preview-segment";
import { ZPreviewSegment } from "@/lib/segments/schemas";

/** The builder's live count and sample for rules being edited (nothing is saved). */
export const POST = route(async (req) => {
  await requirePermission("segments:read");
  const input = parseInput(ZPreviewSegment, await readJson(req));
  return ok(await previewSegment(input));
});
