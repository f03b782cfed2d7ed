import { db } from "../db/client";
import { rethrowUniqueAsConflict } from "../db/unique-violation";
import { hashPassword } from "../auth/password";
import type { TCreateStaff } from "./schemas";

export async function createStaff(input: TCreateStaff) {
  try {
    return await db().staffUser.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    });
  } catch (e) {
    rethrowUniqueAsConflict(e, `Someone already signs in as ${input.email}.`);
  }
}
