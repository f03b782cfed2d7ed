import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listStaff } from "@/lib/staff/list-staff";
import { createStaff } from "@/lib/staff/create-staff";
import { ZCreateStaff } from "@/lib/staff/schemas";

export const GET = route(async () => {
  await requirePermission("staff:manage");
  return ok({ staff: await listStaff() });
});

export const POST = route(async (req) => {
  await requirePermission("staff:manage");
  const staff = await createStaff(parseInput(ZCreateStaff, await readJson(req)));
  return ok({ staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role } }, 201);
});
