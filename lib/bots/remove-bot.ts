import { db } from "../db/client";
import { AppError } from "../errors/app-error";

/** Deletes a bot and everything it collected (users, messages, events). */
export async function removeBot(botId: string): Promise<void> {
  const deleted = await db().bot.deleteMany({ where: { id: botId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "This bot does not exist (it may have been removed already).");
}
