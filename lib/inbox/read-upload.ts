import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { visibleWhere } from "./visibility";

/** The bytes of an uploaded photo, when it belongs to a conversation this person can see. */
export async function readUpload(staff: TStaffSession, uploadId: string) {
  const message = await db().message.findFirst({
    where: { media: { path: ["uploadId"], equals: uploadId }, conversation: visibleWhere(staff) },
    select: { id: true },
  });
  const upload = message ? await db().upload.findUnique({ where: { id: uploadId }, select: { data: true, mimeType: true } }) : null;
  if (!upload) throw new AppError("NOT_FOUND", "This file does not exist or belongs to a conversation you cannot see.");
  return upload;
}
