import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { getSegment } from "@/lib/segments/list-segments";
import { updateSegment } from "@/lib/segments/save-segment";
import { ZUpdateSegment } from "@/lib/segments/schemas";

type Ctx = { params: Promise<{ segmentId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("segments:read");
  const segment = await getSegment((await params).segmentId);
  if (!segment) throw new AppError("NOT_FOUND", "This segment does not exist (it may have been deleted).");
  return ok({ segment });
});

export const PATCH = route<Ctx>(async (req, { params }) => {
  await requirePermission("segments:edit");
  const input = parseInput(ZUpdateSegment, await readJson(req));
  return ok({ segment: await updateSegment((await params).segmentId, input) });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  await requirePermission("segments:edit");
  await deleteSegment((await params).segmentId);
  return ok({ deleted: true });
});
