import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { hashPassword } from "../auth/password";
import type { TUpdateStaff } from "./schemas";

/**
 * Change a role, disable/enable, or reset a password. Nobody changes their own role or
 * disables themselves (another admin must), and the last active admin cannot be demoted or disabled.
 */
export async function updateStaff(actorId: string, staffId: string, input: TUpdateStaff) {
  return db().$transaction(async (tx) => {
    const target = await tx.staffUser.findUnique({ where: { id: staffId } });
    if (!target) throw new AppError("NOT_FOUND", "This staff member does not exist.");
    if (actorId === staffId && input.role !== undefined && input.role !== target.role) {
      throw new AppError("CONFLICT", "You cannot change your own role. Ask another admin to do it.");
    }
    if (actorId === staffId && input.disabled === true) throw new AppError("CONFLICT", "You cannot disable your own account.");
    const losesAdmin = target.role === "ADMIN" && ((input.role && input.role !== "ADMIN") || input.disabled === true);
    if (losesAdmin) {
      const admins = await tx.staffUser.count({ where: { role: "ADMIN", disabledAt: null } });
      if (admins <= 1) throw new AppError("CONFLICT", "Tagflow needs at least one active admin. Make someone else admin first.");
    }
    return tx.staffUser.update({
      where: { id: staffId },
      data: {
        role: input.role,
        disabledAt: input.disabled === undefined ? undefined : input.disabled ? new Date() : null,
        passwordHash: input.password ? await hashPassword(input.password) : undefined,
      },
    });
  });
}
