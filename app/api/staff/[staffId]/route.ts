import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { updateStaff } from "@/lib/staff/update-staff";
import { ZUpdateStaff } from "@/lib/staff/schemas";

type Ctx = { params: Promise<{ staffId: string }> };

export const PATCH = route<Ctx>(async (req, { params }) => {
  const actor = await requirePermission("staff:manage");
  const input = parseInput(ZUpdateStaff, await readJson(req));
  const staff = await updateStaff(actor.id, (await params).staffId, input);
  return ok({ staff: { id: staff.id, role: staff.role, disabledAt: staff.disabledAt } });
});
