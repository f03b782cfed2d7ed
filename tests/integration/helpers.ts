// Each integration test file gets its own freshly migrated database.
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase } from "@/lib/db/test-database";

export function useTestDatabase(): void {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
    drop = database.drop;
  });
  afterAll(async () => {
    const { stopBoss } = await import("@/lib/jobs/boss");
    const { disconnectDb } = await import("@/lib/db/client");
    await stopBoss();
    await disconnectDb();
    await drop?.();
  });
}

let seq = 0;
export function tgUser(id: number, extra: Record<string, unknown> = {}) {
  return { id, is_bot: false, first_name: `User${id}`, username: `user${id}`, language_code: "en", ...extra };
}

export function messageUpdate(updateId: number, userId: number, text: string, date = Math.floor(Date.now() / 1000)) {
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] : undefined;
  return { update_id: updateId, message: { message_id: ++seq, date, from: tgUser(userId), chat: { id: userId, type: "private" }, text, entities } };
}

export function memberUpdate(updateId: number, userId: number, status: "kicked" | "member") {
  return {
    update_id: updateId,
    my_chat_member: { chat: { id: userId, type: "private" }, from: tgUser(userId), date: Math.floor(Date.now() / 1000), old_chat_member: { status: status === "kicked" ? "member" : "kicked" }, new_chat_member: { status } },
  };
}

export async function createBotRow(suffix = "1") {
  const { db } = await import("@/lib/db/client");
  return db().bot.create({
    data: { telegramId: BigInt(7000000000 + Number(suffix)), username: `test${suffix}_bot`, name: `Test ${suffix}`, token: `700000000${suffix}:fake-token-for-tests-only-xxxxxxxxxx`, apiRoot: "http://127.0.0.1:9", webhookSecret: `secret-${suffix}-0123456789` },
  });
}
