// An agent's photo reply with an optional caption: the file is checked (real
// image bytes, size), kept in the database, and delivered by the same job as
// text replies.
import { db } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";
import { publishInboxEvent } from "../realtime/publish";
import { MESSAGE_SELECT, toMessageView } from "./list-messages";
import { MAX_PHOTO_BYTES, type ZSendPhoto } from "./schemas";
import { previewOf, touchConversation } from "./touch-conversation";
import { visibleText } from "./format";
import { visibleConversation } from "./visibility";
import type { z } from "zod";

/** The image type from the file's first bytes (what it claims to be does not count). */
export function sniffImageType(bytes: Uint8Array): "image/jpeg" | "image/png" | "image/webp" | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

export function checkPhoto(file: { name: string; size: number }, bytes: Uint8Array): "image/jpeg" | "image/png" | "image/webp" {
  if (file.size === 0) throw new AppError("INVALID_INPUT", "file: the file is empty.");
  if (file.size > MAX_PHOTO_BYTES) {
    throw new AppError("INVALID_INPUT", `file: ${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; photos can be at most 10 MB.`);
  }
  const type = sniffImageType(bytes);
  if (!type) throw new AppError("INVALID_INPUT", `file: ${file.name} is not a JPEG, PNG or WebP image.`);
  return type;
}

export async function sendPhoto(staff: TStaffSession, conversationId: string, input: z.infer<typeof ZSendPhoto>, file: { name: string; size: number; bytes: Uint8Array }) {
  await visibleConversation(staff, conversationId);
  const mimeType = checkPhoto(file, file.bytes);
  const existing = await db().message.findUnique({ where: { clientId: input.clientId }, select: MESSAGE_SELECT });
  if (existing) {
    if (existing.conversationId !== conversationId) throw new AppError("CONFLICT", "clientId: already used for a message in another conversation.");
    return { message: toMessageView(existing), duplicate: true };
  }
  const message = await db().$transaction(async (tx) => {
    const upload = await tx.upload.create({ data: { mimeType, size: file.size, data: Buffer.from(file.bytes), createdById: staff.id }, select: { id: true } });
    const created = await tx.message.create({
      data: {
        conversationId,
        direction: "OUT",
        text: input.caption || null,
        media: { kind: "photo", uploadId: upload.id, mimeType },
        senderStaffId: staff.id,
        clientId: input.clientId,
        deliveryState: "PENDING",
      },
      select: MESSAGE_SELECT,
    });
    const view = toMessageView(created);
    const c = await touchConversation(tx, conversationId, { preview: previewOf(visibleText(input.caption), { kind: "photo" }), direction: "OUT", at: created.createdAt, inbound: false });
    // A person replying has the chat: the bot's automated replies pause (botRepliesPaused).
    if (!c.handoffAt) await tx.conversation.update({ where: { id: conversationId }, data: { handoffAt: created.createdAt } });
    await publishInboxEvent(tx, { kind: "message.created", conversationId, payload: { message: view } });
    await publishInboxEvent(tx, { kind: "conversation.updated", conversationId, payload: { reason: "message" } });
    return view;
  });
  await enqueue("inbox.deliver-message", { messageId: message.id });
  return { message, duplicate: false };
}
