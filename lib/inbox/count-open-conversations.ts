import { db } from "../db/client";

export function countOpenConversations(): Promise<number> {
  return db().conversation.count({ where: { status: "OPEN" } });
}
