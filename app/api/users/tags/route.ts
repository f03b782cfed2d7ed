import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { bulkTagUsers } from "@/lib/users/bulk-tag-users";
import { ZBulkTagUsers } from "@/lib/users/schemas";

/** Bulk tagging from the Users table: add or remove one tag on the selected users, or on all matching the filters. */
export const POST = route(async (req) => {
  const staff = await requirePermission("users:tag");
  const input = parseInput(ZBulkTagUsers, await readJson(req));
  return ok(await bulkTagUsers(staff, input));
});
