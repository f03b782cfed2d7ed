// Wire contracts of the inbox's real-time stream, shared by the server (listener,
// SSE route) and the browser (useInboxStream). No server-only imports here.
import { z } from "zod";

export const INBOX_EVENT_KINDS = [
  "message.created",
  "message.updated",
  "conversation.updated",
  "conversation.assigned",
  "tags.changed",
  "typing",
] as const;

export const ZInboxEventKind = z.enum(INBOX_EVENT_KINDS);
export type TInboxEventKind = z.infer<typeof ZInboxEventKind>;

/** A decimal InboxEvent id (a bigint on the server, a string on the wire). */
export const ZEventId = z
  .string()
  .regex(/^\d{1,19}$/, "must be an event id (digits)")
  .refine((s) => BigInt(s) <= 9_223_372_036_854_775_807n, "must be an event id (a 64-bit integer)");

/** One stored InboxEvent as the stream sends it (`data:` of an SSE message). */
export const ZInboxEvent = z.object({
  id: ZEventId,
  kind: ZInboxEventKind,
  conversationId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  /** ISO 8601, UTC. */
  createdAt: z.string(),
});
export type TInboxWireEvent = z.infer<typeof ZInboxEvent>;

/**
 * Not a stored event: the stream cannot replay what the client missed (its cursor is
 * older than what is kept, or too far behind). The client reloads its data, then keeps
 * consuming the stream, which continues after `id`.
 */
export const ZResyncEvent = z.object({ kind: z.literal("resync"), id: ZEventId, reason: z.string() });
export type TResyncEvent = z.infer<typeof ZResyncEvent>;

export type TInboxStreamEvent = TInboxWireEvent | TResyncEvent;

/** `?after=` of the stream route, or its `Last-Event-ID` header. */
export const ZStreamCursor = ZEventId;
