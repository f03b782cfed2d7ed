// Inbox settings (Settings → Inbox): handoff keywords, pausing the bot while a
// person handles the chat, and automatic assignment. Stored in AppSetting.
import { z } from "zod";
import { db } from "../db/client";

export const ZInboxSettings = z.object({
  handoffKeywords: z
    .array(z.string().trim().min(2, "Keywords need at least 2 characters.").max(40))
    .max(20, "At most 20 handoff keywords.")
    .default(["operator", "human", "agent"]),
  pauseBotWhileHandled: z.boolean().default(true),
  autoAssign: z.enum(["off", "round-robin", "least-busy"]).default("off"),
});
export type TInboxSettings = z.infer<typeof ZInboxSettings>;

const KEY = "inbox";
let cache: { value: TInboxSettings; at: number } | null = null;

export async function getInboxSettings(): Promise<TInboxSettings> {
  if (cache && Date.now() - cache.at < 5000) return cache.value;
  const row = await db().appSetting.findUnique({ where: { key: KEY } });
  const parsed = ZInboxSettings.safeParse(row?.value ?? {});
  const value = parsed.success ? parsed.data : ZInboxSettings.parse({});
  cache = { value, at: Date.now() };
  return value;
}

export async function saveInboxSettings(input: TInboxSettings): Promise<TInboxSettings> {
  const value = ZInboxSettings.parse(input);
  value.handoffKeywords = [...new Set(value.handoffKeywords.map((k) => k.toLowerCase()))];
  await db().appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  cache = null;
  return value;
}

/** True when the text asks for a person: a handoff keyword as a whole word. */
export function asksForHuman(text: string | null | undefined, keywords: readonly string[]): boolean {
  if (!text) return false;
  const lower = text.toLowerCase();
  return keywords.some((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}])`, "u").test(lower));
}
