import { route, ok, parseInput, readJson, AppError } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { applyTag } from "@/lib/tags/apply-tag";
import { ZApplyTag } from "@/lib/tags/schemas";

type Ctx = { params: Promise<{ userId: string }> };

export const POST = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("users:tag");
  const tag = parseInput(ZApplyTag, await readJson(req));
  return ok(await applyTag(staff, { userIds: [(await params).userId], action: "add", tag }));
});

export const DELETE = route<Ctx>(async (req, { params }) => {
  const staff = await requirePermission("users:tag");
  const tagId = new URL(req.url).searchParams.get("tagId");
  if (!tagId) throw new AppError("INVALID_INPUT", "tagId: say which tag to remove (?tagId=…).");
  return ok(await applyTag(staff, { userIds: [(await params).userId], action: "remove", tag: { tagId } }));
});
