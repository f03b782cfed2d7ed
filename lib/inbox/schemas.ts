// Contracts of the inbox: list filters, composer input, conversation changes.
import { z } from "zod";

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

export const ZListConversations = z.object({
  view: z.enum(["mine", "unassigned", "all"]).default("all"),
  status: z.enum(["open", "closed"]).default("open"),
  q: z.string().trim().max(100).optional(),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type TListConversations = z.infer<typeof ZListConversations>;

export const ZListMessages = z.object({
  /** Message id: return what came before it (older history). */
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const messageText = z
  .string()
  .max(TELEGRAM_TEXT_LIMIT * 2, `Messages can be at most ${TELEGRAM_TEXT_LIMIT} characters.`)
  .transform((s) => s.replace(/\s+$/u, ""))
  .refine((s) => s.trim().length > 0, "Write something before sending.")
  .refine((s) => [...s].length <= TELEGRAM_TEXT_LIMIT, `Messages can be at most ${TELEGRAM_TEXT_LIMIT} characters.`);

export const ZSendMessage = z.object({
  /** Chosen by the console for each submit; a retried submit returns the same message. */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8-64 letters, digits, _ or -"),
  text: messageText,
  note: z.boolean().default(false),
});
export type TSendMessage = z.infer<typeof ZSendMessage>;

export const ZUpdateConversation = z
  .object({
    status: z.enum(["open", "closed"]).optional(),
    /** null unassigns. */
    assigneeId: z.string().min(1).nullable().optional(),
    read: z.literal(true).optional(),
  })
  .refine((v) => v.status !== undefined || v.assigneeId !== undefined || v.read !== undefined, "Nothing to change: send status, assigneeId or read.");
export type TUpdateConversation = z.infer<typeof ZUpdateConversation>;

export const ZCannedReply = z.object({
  shortcut: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "use 1-32 lowercase letters, digits, _ or - (e.g. thanks)"),
  text: messageText,
});

/** Telegram takes photos up to 10 MB; these are the formats it shows as photos. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export const ZSendPhoto = z.object({
  clientId: ZSendMessage.shape.clientId,
  caption: z
    .string()
    .transform((s) => s.trim())
    .refine((s) => [...s].length <= TELEGRAM_CAPTION_LIMIT, `Captions can be at most ${TELEGRAM_CAPTION_LIMIT} characters.`)
    .default(""),
});
