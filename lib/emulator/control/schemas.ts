// zod contracts of the control API (shared with the typed client via z.input).
import { z } from "zod";

const unixSeconds = z
  .number()
  .int()
  .positive()
  .refine((d) => d <= Math.floor(Date.now() / 1000) + 60, "date must not be in the future");

/** Every user action names its bot by bot_id or by token. */
const botRef = {
  bot_id: z.number().int().positive().optional(),
  token: z.string().min(1).optional(),
};

const needsBot = <T extends { bot_id?: number; token?: string }>(v: T): boolean =>
  v.bot_id !== undefined || v.token !== undefined;
const needsBotMessage = { message: "bot_id (or token) is required" };

export const createBotSchema = z.strictObject({
  username: z.string().regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "username: 4-32 letters, digits or _"),
  first_name: z.string().min(1).max(64).optional(),
  token: z.string().regex(/^\d{1,15}:[A-Za-z0-9_-]{35}$/, "token must look like <botId>:<35 url-safe chars>").optional(),
  /** Where this bot's update ids start (a restarted emulator continues after what a consumer already stored). */
  first_update_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

export const createUserSchema = z.strictObject({
  first_name: z.string().min(1).max(64),
  last_name: z.string().min(1).max(64).optional(),
  username: z.string().regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "username: 4-32 letters, digits or _").optional(),
  language_code: z.string().min(2).max(10).optional(),
  is_premium: z.boolean().optional(),
});

export const createUsersSchema = z.union([createUserSchema, z.array(createUserSchema).min(1).max(10000)]);

export const startSchema = z
  .strictObject({
    ...botRef,
    payload: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "payload: 1-64 of A-Z a-z 0-9 _ -").optional(),
    date: unixSeconds.optional(),
    silent: z.boolean().optional(),
  })
  .refine(needsBot, needsBotMessage);

export const messageSchema = z
  .strictObject({ ...botRef, text: z.string().min(1).max(4096), date: unixSeconds.optional() })
  .refine(needsBot, needsBotMessage);

export const clickSchema = z
  .strictObject({ ...botRef, message_id: z.number().int().positive(), data: z.string().min(1).max(64) })
  .refine(needsBot, needsBotMessage);

export const blockSchema = z
  .strictObject({ ...botRef, date: unixSeconds.optional(), silent: z.boolean().optional() })
  .refine(needsBot, needsBotMessage);

export const faultsSchema = z.strictObject({
  fail_next: z.number().int().min(0).max(1_000_000).optional(),
  fail_probability: z.number().min(0).max(1).optional(),
  error: z.union([z.literal(429), z.literal(500), z.literal(502)]).optional(),
  retry_after: z.number().int().min(1).max(3600).optional(),
  latency_ms: z.number().int().min(0).max(60_000).optional(),
  seed: z.number().int().optional(),
});

const userAction = { user_id: z.number().int().positive() };

/** One step of POST /control/batch (executed in order, stops at the first error). */
export const batchActionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("start"), ...userAction, ...botRef, payload: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(), date: unixSeconds.optional(), silent: z.boolean().optional() }),
  z.strictObject({ type: z.literal("message"), ...userAction, ...botRef, text: z.string().min(1).max(4096), date: unixSeconds.optional() }),
  z.strictObject({ type: z.literal("click"), ...userAction, ...botRef, message_id: z.number().int().positive(), data: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal("block"), ...userAction, ...botRef, date: unixSeconds.optional(), silent: z.boolean().optional() }),
  z.strictObject({ type: z.literal("unblock"), ...userAction, ...botRef, date: unixSeconds.optional(), silent: z.boolean().optional() }),
]);

export const batchSchema = z.array(batchActionSchema).max(10000);

/** A numeric id from the URL (path segment or query), with an error that names it. */
const positiveId = (what: string) => {
  const message = `${what} must be a positive integer`;
  return z.coerce.number({ error: message }).int(message).positive(message);
};

export const idParam = positiveId("the id in the path");
export const optionalIdParam = positiveId("the id").optional();
/** An optional numeric query parameter, e.g. ?chat_id=... */
export const queryIdParam = (name: string) => positiveId(name).optional();

export type TCreateBot = z.input<typeof createBotSchema>;
export type TCreateUser = z.input<typeof createUserSchema>;
export type TStart = z.input<typeof startSchema>;
export type TMessage = z.input<typeof messageSchema>;
export type TClick = z.input<typeof clickSchema>;
export type TBlock = z.input<typeof blockSchema>;
export type TFaults = z.input<typeof faultsSchema>;
export type TBatchAction = z.input<typeof batchActionSchema>;
