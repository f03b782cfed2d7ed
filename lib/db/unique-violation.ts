import { Prisma } from "./client";
import { AppError } from "../errors/app-error";

/** Rethrows a unique-constraint violation as a 409 with `message`; anything else as it was. */
export function rethrowUniqueAsConflict(e: unknown, message: string): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("CONFLICT", message);
  throw e;
}
