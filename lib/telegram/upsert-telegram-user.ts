// Creates or refreshes the Telegram user behind an update.
import type { Prisma } from "../db/client";
import type { TTelegramUser } from "./parse-update";

type Tx = Prisma.TransactionClient;

export async function upsertTelegramUser(tx: Tx, botId: string, from: TTelegramUser, seenAt: Date) {
  const telegramId = BigInt(from.id);
  const profile = {
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    username: from.username ?? null,
    languageCode: from.language_code ?? null,
    isPremium: from.is_premium ?? false,
  };
  const existing = await tx.telegramUser.findUnique({
    where: { botId_telegramId: { botId, telegramId } },
    select: { id: true, firstSeenAt: true, lastSeenAt: true, source: true, blockedAt: true },
  });
  if (!existing) {
    const created = await tx.telegramUser.create({
      data: { botId, telegramId, ...profile, firstSeenAt: seenAt, lastSeenAt: seenAt },
      select: { id: true, source: true, blockedAt: true },
    });
    return { ...created, isNew: true };
  }
  await tx.telegramUser.update({
    where: { id: existing.id },
    data: {
      ...profile,
      lastSeenAt: seenAt > existing.lastSeenAt ? seenAt : undefined,
      firstSeenAt: seenAt < existing.firstSeenAt ? seenAt : undefined,
    },
  });
  return { id: existing.id, source: existing.source, blockedAt: existing.blockedAt, isNew: false };
}
