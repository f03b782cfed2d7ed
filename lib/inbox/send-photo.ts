// An agent's photo reply with an optional caption: the file is checked (real
// image bytes, size), kept in the database, and delivered by the same job as
// text replies.
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { createAgentReply } from "./create-agent-reply";
import { MAX_PHOTO_BYTES, type ZSendPhoto } from "./schemas";
import { previewOf } from "./touch-conversation";
import { visibleText } from "./format";
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
  const mimeType = checkPhoto(file, file.bytes);
  return createAgentReply(staff, conversationId, {
    clientId: input.clientId,
    text: input.caption || null,
    note: false,
    preview: previewOf(visibleText(input.caption), { kind: "photo" }),
    media: async (tx) => {
      const upload = await tx.upload.create({ data: { mimeType, size: file.size, data: Buffer.from(file.bytes), createdById: staff.id }, select: { id: true } });
      return { kind: "photo", uploadId: upload.id, mimeType };
    },
  });
}
