// Effects node runtimes share: sending formatted texts, tagging, storing attributes.
import { InlineKeyboard } from "grammy";
import { db, Prisma } from "../../db/client";
import { INBOX_CHANNEL } from "../../realtime/publish";
import { TAG_COLORS } from "../../tags/schemas";
import { cuid } from "../../telegram/cuid";
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

/**
 * Adds or removes a tag (created when missing), recorded as applied by the flow: the user's
 * tag, a tag_added / tag_removed event and the tags.changed inbox event, all or nothing.
 * One statement when the tag exists (the common case; a transaction of six statements
 * cost a flow more than all its other steps together).
 */
export async function changeTag(ctx: TRunContext, tagName: string, action: "add" | "remove"): Promise<boolean> {
  const name = tagName.trim();
  const first = await applyTagChange(ctx, name, action);
  if (first.found || action === "remove") return first.changed;
  await createTag(name);
  return (await applyTagChange(ctx, name, action)).changed;
}

/** Users reaching the step at once all find the tag missing: ON CONFLICT keeps the first creator's row. */
async function createTag(name: string): Promise<void> {
  const count = await db().tag.count();
  await db().$executeRaw`
    INSERT INTO "Tag" ("id", "name", "color") VALUES (${cuid()}, ${name}, ${TAG_COLORS[count % TAG_COLORS.length]!})
    ON CONFLICT ("name") DO NOTHING`;
}

/**
 * The tag is found by its name in any case (lower = lower: not ILIKE, whose _ and % would
 * make "Plan_A" find "Plan-A", and "%" any tag). The inbox
 * event is written as publishInboxEvent writes it (lib/realtime/publish.ts): its INSERT takes
 * the write lock on InboxEvent before the id is drawn, and the NOTIFY goes out on commit.
 */
async function applyTagChange(ctx: TRunContext, name: string, action: "add" | "remove"): Promise<{ found: boolean; changed: boolean }> {
  const userId = ctx.user.id;
  const { flowId, flowName } = ctx.version;
  const change =
    action === "add"
      ? Prisma.sql`
        INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia", "appliedByRef", "appliedAt")
        SELECT ${userId}, tag."id", 'FLOW', ${flowName}, now() FROM tag
        ON CONFLICT DO NOTHING
        RETURNING "tagId"`
      : Prisma.sql`
        DELETE FROM "UserTag" ut USING tag WHERE ut."telegramUserId" = ${userId} AND ut."tagId" = tag."id"
        RETURNING ut."tagId"`;
  const rows = await db().$queryRaw<{ found: boolean; changed: boolean }[]>`
    WITH tag AS (SELECT "id", "name", "color" FROM "Tag" WHERE lower("name") = lower(${name}) ORDER BY "name" = ${name} DESC LIMIT 1),
    changed AS (${change}),
    ev AS (
      INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
      SELECT ${ctx.botId}, ${userId}, ${action === "add" ? "tag_added" : "tag_removed"},
        jsonb_build_object('tag', tag."name", 'via', 'flow', 'flowId', ${flowId}::text, 'flow', ${flowName}::text), now() AT TIME ZONE 'UTC'
      FROM tag JOIN changed ON changed."tagId" = tag."id"
    ),
    ie AS (
      INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
      SELECT 'tags.changed', NULL,
        jsonb_build_object('userIds', jsonb_build_array(${userId}::text), 'tag', jsonb_build_object('id', tag."id", 'name', tag."name", 'color', tag."color"),
          'action', ${action}::text, 'by', ${`Flow “${flowName}”`}::text),
        now() AT TIME ZONE 'UTC'
      FROM tag JOIN changed ON changed."tagId" = tag."id"
      RETURNING "id"
    )
    SELECT EXISTS (SELECT 1 FROM tag) AS "found", EXISTS (SELECT 1 FROM changed) AS "changed",
      (SELECT pg_notify(${INBOX_CHANNEL}, "id"::text)::text FROM ie) AS "notified"`;
  return rows[0] ?? { found: false, changed: false };
}

/** Stores one attribute on the user (and in the run's copy, for later tokens and conditions). */
export async function setAttribute(ctx: TRunContext, key: string, value: string | number | boolean | null): Promise<void> {
  await db().$executeRaw`
    UPDATE "TelegramUser" SET "attributes" = jsonb_set(COALESCE("attributes", '{}'::jsonb), ARRAY[${key}]::text[], ${JSON.stringify(value)}::jsonb)
    WHERE "id" = ${ctx.user.id}`;
  ctx.user.attributes = { ...ctx.user.attributes, [key]: value };
}
