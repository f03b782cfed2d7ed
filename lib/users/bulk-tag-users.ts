// Bulk tagging from the Users table: one tag added to or removed from the selected users,
// or from every user the table's filters match (lib/tags/apply-tag.ts does the work). Ids
// of users deleted since the selection (an Undo after a deletion) are skipped.
import type { TStaffSession } from "../auth/session";
import { applyTag } from "../tags/apply-tag";
import type { TBulkTagUsers } from "./schemas";

export function bulkTagUsers(staff: Pick<TStaffSession, "id" | "name">, input: TBulkTagUsers) {
  return applyTag(staff, { ...input, missingUsers: "skip" });
}
