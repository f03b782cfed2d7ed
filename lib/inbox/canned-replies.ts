// Canned replies: saved answers an agent inserts by typing "/" in the composer.
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import type { z } from "zod";
import type { ZCannedReply } from "./schemas";

export async function listCannedReplies() {
  const rows = await db().cannedReply.findMany({ orderBy: { shortcut: "asc" }, select: { id: true, shortcut: true, text: true } });
  return { items: rows };
}

export async function createCannedReply(staff: TStaffSession, input: z.infer<typeof ZCannedReply>) {
  const exists = await db().cannedReply.findUnique({ where: { shortcut: input.shortcut }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", `A canned reply "/${input.shortcut}" already exists.`);
  return db().cannedReply.create({ data: { ...input, createdById: staff.id }, select: { id: true, shortcut: true, text: true } });
}

export async function deleteCannedReply(id: string) {
  const deleted = await db().cannedReply.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "This canned reply does not exist (it may have been deleted already).");
  return { deleted: true };
}
