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
  const where = { botId_telegramId: { botId, telegramId } };
  const select = { id: true, firstSeenAt: true, lastSeenAt: true, source: true, blockedAt: true } as const;
  let existing = await tx.telegramUser.findUnique({ where, select });
  if (!existing) {
    // ON CONFLICT DO NOTHING: a new user's first updates may be processed at the same
    // time; the second insert waits for the first transaction and then finds its row.
    const [created] = await tx.telegramUser.createManyAndReturn({
      data: [{ botId, telegramId, ...profile, firstSeenAt: seenAt, lastSeenAt: seenAt }],
      skipDuplicates: true,
      select: { id: true, source: true, blockedAt: true },
    });
    if (created) return { ...created, isNew: true };
    existing = await tx.telegramUser.findUniqueOrThrow({ where, select });
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
