import { z } from "zod";
import { ZApplyTag } from "../tags/schemas";

export const USER_SORTS = ["lastSeenAt", "firstSeenAt", "firstName", "username", "source", "languageCode"] as const;
export const LAST_SEEN_WINDOWS = ["24h", "7d", "30d", "30d+"] as const;

export const ZListUsers = z.object({
  q: z.string().trim().max(100).optional(),
  botId: z.string().optional(),
  tag: z.string().trim().max(100).optional(),
  source: z.string().trim().max(200).optional(),
  lastSeen: z.enum(LAST_SEEN_WINDOWS).optional(),
  /** Only the members of this segment. */
  segment: z.string().trim().max(64).optional(),
  sort: z.enum(USER_SORTS).default("lastSeenAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
});
export type TListUsers = z.infer<typeof ZListUsers>;

/** Turn URLSearchParams (or Next's searchParams object) into a plain object, dropping empty values. */
export function searchParamsToObject(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") out[k] = value;
  }
  return out;
}

/** The Users table's filters alone: what "all N matching" means for a bulk action. */
export const ZUsersFilter = ZListUsers.pick({ q: true, botId: true, tag: true, source: true, lastSeen: true, segment: true });
export type TUsersFilter = z.infer<typeof ZUsersFilter>;

/**
 * Add or remove one tag on the selected users (`userIds`) or on every user the filters
 * match (`filter`). An undo sends the users a change reported back, by id.
 */
export const ZBulkTagUsers = z
  .object({
    action: z.enum(["add", "remove"]),
    tag: ZApplyTag,
    userIds: z.array(z.string().min(1)).min(1, "Select at least one user.").max(50_000, "Tag at most 50,000 users by id at a time; use the filters instead.").optional(),
    filter: ZUsersFilter.optional(),
  })
  .refine((v) => (v.userIds === undefined) !== (v.filter === undefined), "Say which users: the selected ones (userIds) or all matching the filters (filter).");
export type TBulkTagUsers = z.infer<typeof ZBulkTagUsers>;
