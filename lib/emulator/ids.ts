// Identifier formats: bot tokens, file ids, callback query ids, chat instances.
import { randomBytes } from "node:crypto";

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

export const FIRST_BOT_ID = 7000000001;
export const FIRST_USER_ID = 100000001;
export const FIRST_UPDATE_ID = 210000001;

export const TOKEN_PATTERN = /^(\d{1,15}):[A-Za-z0-9_-]{35}$/;

function randomChars(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export function makeToken(botId: number): string {
  return `${botId}:${randomChars(35, URL_SAFE)}`;
}

/** Bot id encoded in a token, or null when the token is malformed. */
export function botIdFromToken(token: string): number | null {
  const match = TOKEN_PATTERN.exec(token);
  return match?.[1] ? Number(match[1]) : null;
}

/** A fake but Telegram-looking file_id ("AgACAgI..." style). */
export function makeFileId(prefix = "AgACAgIAAxkBAAI"): string {
  return prefix + randomChars(56, URL_SAFE);
}

export function makeFileUniqueId(): string {
  return "AQAD" + randomChars(12, URL_SAFE);
}

/** Callback query ids are decimal strings on Telegram. */
export function makeCallbackId(botId: number, seq: number): string {
  return `${BigInt(botId) * 1000000n + BigInt(seq)}`;
}

export function makeChatInstance(): string {
  const n = BigInt.asIntN(64, randomBytes(8).readBigUInt64BE());
  return n.toString();
}

export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{20,}$/;
