import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, 10);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A readable random password for generated accounts (e.g. the first admin). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
