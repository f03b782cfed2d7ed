import { route, ok } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { getUserProfile } from "@/lib/users/get-user-profile";

type Ctx = { params: Promise<{ userId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  await requirePermission("users:read");
  return ok({ user: await getUserProfile((await params).userId) });
});
