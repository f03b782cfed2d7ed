// Manual tagging by an agent: add or remove a tag on one or many users, each
// application recording who and when, announced to every open console.
import type { z } from "zod";
import { db, type Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { publishInboxEvent } from "../realtime/publish";
import { findTagByName } from "./find-tag-by-name";
import { TAG_COLORS, type ZApplyTag } from "./schemas";

type Tx = Prisma.TransactionClient;
type TTagRef = z.infer<typeof ZApplyTag>;

async function resolveTag(tx: Tx, ref: TTagRef, create: boolean) {
  if ("tagId" in ref) {
    const tag = await tx.tag.findUnique({ where: { id: ref.tagId }, select: { id: true, name: true, color: true } });
    if (!tag) throw new AppError("INVALID_INPUT", "tagId: no tag with this id.");
    return tag;
  }
  const found = await findTagByName(ref.name, tx);
  if (found || !create) {
    if (!found) throw new AppError("INVALID_INPUT", `name: no tag named "${ref.name}".`);
    return found;
  }
  const count = await tx.tag.count();
  return tx.tag.upsert({
    where: { name: ref.name },
    create: { name: ref.name, color: ref.color ?? TAG_COLORS[count % TAG_COLORS.length]! },
    update: {},
    select: { id: true, name: true, color: true },
  });
}

export async function applyTag(staff: TStaffSession, input: { userIds: string[]; action: "add" | "remove"; tag: TTagRef }) {
  const userIds = [...new Set(input.userIds)];
  return db().$transaction(async (tx) => {
    const users = await tx.telegramUser.findMany({ where: { id: { in: userIds } }, select: { id: true, botId: true } });
    if (users.length !== userIds.length) throw new AppError("INVALID_INPUT", `userIds: ${userIds.length - users.length} of the selected users do not exist.`);
    const tag = await resolveTag(tx, input.tag, input.action === "add");
    let changed: string[];
    if (input.action === "add") {
      const existing = await tx.userTag.findMany({ where: { tagId: tag.id, telegramUserId: { in: userIds } }, select: { telegramUserId: true } });
      const has = new Set(existing.map((e) => e.telegramUserId));
      changed = userIds.filter((id) => !has.has(id));
      await tx.userTag.createMany({
        data: changed.map((telegramUserId) => ({ telegramUserId, tagId: tag.id, appliedVia: "AGENT" as const, appliedByStaffId: staff.id })),
        skipDuplicates: true,
      });
    } else {
      const existing = await tx.userTag.findMany({ where: { tagId: tag.id, telegramUserId: { in: userIds } }, select: { telegramUserId: true } });
      changed = existing.map((e) => e.telegramUserId);
      await tx.userTag.deleteMany({ where: { tagId: tag.id, telegramUserId: { in: changed } } });
    }
    const byUser = new Map(users.map((u) => [u.id, u.botId]));
    await tx.event.createMany({
      data: changed.map((telegramUserId) => ({
        botId: byUser.get(telegramUserId)!,
        telegramUserId,
        name: input.action === "add" ? "tag_added" : "tag_removed",
        properties: { tag: tag.name, via: "agent", by: staff.name },
      })),
    });
    if (changed.length > 0) {
      await publishInboxEvent(tx, {
        kind: "tags.changed",
        payload: { userIds: changed.slice(0, 200), tag, action: input.action, by: staff.name },
      });
    }
    return { tag, changed: changed.length, unchanged: userIds.length - changed.length };
  });
}
