import { z } from "zod";

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
