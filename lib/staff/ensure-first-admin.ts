// First start: create an admin and hand its login to the terminal, once.
import { db } from "../db/client";
import { generatePassword, hashPassword } from "../auth/password";

export const FIRST_ADMIN_EMAIL = "admin@tagflow.local";

export async function ensureFirstAdmin(): Promise<{ email: string; password: string } | null> {
  const count = await db().staffUser.count();
  if (count > 0) return null;
  const password = generatePassword();
  await db().staffUser.create({
    data: { email: FIRST_ADMIN_EMAIL, name: "Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
  });
  return { email: FIRST_ADMIN_EMAIL, password };
}
