import { route, ok, parseInput } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";
import { ZListUsers, searchParamsToObject } from "@/lib/users/schemas";

export const GET = route(async (req) => {
  await requirePermission("users:read");
  const query = parseInput(ZListUsers, searchParamsToObject(new URL(req.url).searchParams));
  return ok(await listUsers(query));
});
