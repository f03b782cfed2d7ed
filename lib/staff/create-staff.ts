import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { hashPassword } from "../auth/password";
import type { TCreateStaff } from "./schemas";

export async function createStaff(input: TCreateStaff) {
  try {
    return await db().staffUser.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", `Someone already signs in as ${input.email}.`);
    }
    throw e;
  }
}
