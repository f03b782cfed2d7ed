// Effects node runtimes share: sending formatted texts, tagging, storing attributes.
import { InlineKeyboard } from "grammy";
import { db } from "../../db/client";
import { publishInboxEvent } from "../../realtime/publish";
import { TAG_COLORS } from "../../tags/schemas";
import { escapeHtml, renderTemplate } from "../template";
import type { TRunContext } from "./types";

export function renderHtml(ctx: TRunContext, template: string): string {
  return renderTemplate(template, ctx.user, escapeHtml);
}

export async function sendHtml(ctx: TRunContext, template: string, keyboard?: InlineKeyboard, opts: { disablePreview?: boolean } = {}): Promise<void> {
  await ctx.api.sendMessage(ctx.chatId, renderHtml(ctx, template), {
    parse_mode: "HTML",
    reply_markup: keyboard,
    link_preview_options: opts.disablePreview ? { is_disabled: true } : undefined,
  });
}

/** Adds or removes a tag (created when missing), recorded as applied by the flow. */
export async function changeTag(ctx: TRunContext, tagName: string, action: "add" | "remove"): Promise<boolean> {
  const name = tagName.trim();
  return db().$transaction(async (tx) => {
    let tag = await tx.tag.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true, name: true, color: true } });
    if (!tag && action === "remove") return false;
    if (!tag) {
      const count = await tx.tag.count();
      tag = await tx.tag.upsert({ where: { name }, create: { name, color: TAG_COLORS[count % TAG_COLORS.length]! }, update: {}, select: { id: true, name: true, color: true } });
    }
    const userId = ctx.user.id;
    let changed: number;
    if (action === "add") {
      changed = await tx.$executeRaw`
        INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia", "appliedByRef", "appliedAt")
        VALUES (${userId}, ${tag.id}, 'FLOW', ${ctx.version.flowName}, now())
        ON CONFLICT DO NOTHING`;
    } else {
      changed = (await tx.userTag.deleteMany({ where: { telegramUserId: userId, tagId: tag.id } })).count;
    }
    if (changed === 0) return false;
    await tx.event.create({
      data: {
        botId: ctx.botId,
        telegramUserId: userId,
        name: action === "add" ? "tag_added" : "tag_removed",
        properties: { tag: tag.name, via: "flow", flowId: ctx.version.flowId, flow: ctx.version.flowName },
      },
    });
    await publishInboxEvent(tx, { kind: "tags.changed", payload: { userIds: [userId], tag, action, by: `Flow “${ctx.version.flowName}”` } });
    return true;
  });
}

/** Stores one attribute on the user (and in the run's copy, for later tokens and conditions). */
export async function setAttribute(ctx: TRunContext, key: string, value: string | number | boolean | null): Promise<void> {
  await db().$executeRaw`
    UPDATE "TelegramUser" SET "attributes" = jsonb_set(COALESCE("attributes", '{}'::jsonb), ARRAY[${key}]::text[], ${JSON.stringify(value)}::jsonb)
    WHERE "id" = ${ctx.user.id}`;
  ctx.user.attributes = { ...ctx.user.attributes, [key]: value };
}
