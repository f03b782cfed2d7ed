import { route, ok, parseInput } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { countConversations, listConversations } from "@/lib/inbox/list-conversations";
import { ZListConversations } from "@/lib/inbox/schemas";
import { searchParamsToObject } from "@/lib/users/schemas";
import { touchStaffActivity } from "@/lib/inbox/handoff";

export const GET = route(async (req) => {
  const staff = await requirePermission("inbox:use");
  const query = parseInput(ZListConversations, searchParamsToObject(new URL(req.url).searchParams));
  const [page, counts] = await Promise.all([listConversations(staff, query), countConversations(staff, query.status), touchStaffActivity(staff.id)]);
  return ok({ ...page, counts });
});
