import { z } from "zod";
import { BOT_TOKEN_PATTERN } from "../telegram/bot-api";

export const ZAddBot = z.object({
  token: z
    .string()
    .trim()
    .regex(BOT_TOKEN_PATTERN, "This does not look like a bot token (expected digits, a colon, then 30+ letters, e.g. 123456:ABC…). Copy it from @BotFather."),
  apiRoot: z
    .string()
    .trim()
    .url("Bot API server must be a URL such as https://api.telegram.org")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  updateMode: z.enum(["POLLING", "WEBHOOK"]).optional(),
});
export type TAddBot = z.infer<typeof ZAddBot>;

export const ZUpdateBot = z.object({
  updateMode: z.enum(["POLLING", "WEBHOOK"]).optional(),
  apiRoot: z.string().trim().url().optional(),
});
export type TUpdateBot = z.infer<typeof ZUpdateBot>;
