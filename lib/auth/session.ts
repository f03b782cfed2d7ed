// Session checks for pages, route handlers and server actions.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";
import { can, type TPermission } from "./permissions";
import { AppError } from "../errors/app-error";
import { db } from "../db/client";
import type { StaffRole } from "../db/generated/enums";

export type TStaffSession = { id: string; role: StaffRole; name: string; email: string };

/** The signed-in staff member, re-read from the database so a disabled account or changed role applies at once. */
export async function currentStaff(): Promise<TStaffSession | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const staff = await db().staffUser.findUnique({ where: { id } });
  if (!staff || staff.disabledAt) return null;
  return { id: staff.id, role: staff.role, name: staff.name, email: staff.email };
}

/** For route handlers and server actions: throws 401/403 AppErrors. */
export async function requirePermission(permission: TPermission): Promise<TStaffSession> {
  const staff = await currentStaff();
  if (!staff) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (!can(staff.role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${staff.role.toLowerCase()}) cannot do this.`);
  }
  return staff;
}

/** For pages: redirects to the login page, or to a 'not allowed' page. */
export async function requirePagePermission(permission: TPermission): Promise<TStaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  if (!can(staff.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return staff;
}
