import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { applyTag } from "@/lib/tags/apply-tag";
import { ZBulkTag } from "@/lib/tags/schemas";

/** Bulk tagging from the Users table: add or remove one tag on the selected users. */
export const POST = route(async (req) => {
  const staff = await requirePermission("users:tag");
  const input = parseInput(ZBulkTag, await readJson(req));
  return ok(await applyTag(staff, input));
});
