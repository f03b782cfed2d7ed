// Effects node runtimes share: sending formatted texts, tagging, storing attributes.
import { InlineKeyboard } from "grammy";
import { db, Prisma } from "../../db/client";
import { INBOX_CHANNEL } from "../../realtime/publish";
import { TAG_COLORS } from "../../tags/schemas";
import { cuid } from "../../telegram/cuid";
import { escapeHtml, renderTemplate } from "../template";
import { batched, uniqueRuns } from "../../db/batched";
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

type TTagChange = { action: "add" | "remove"; userId: string; name: string; botId: string; flowId: string; flowName: string };

function applyTagChange(ctx: TRunContext, name: string, action: "add" | "remove"): Promise<{ found: boolean; changed: boolean }> {
  const item = { action, userId: ctx.user.id, name, botId: ctx.botId, flowId: ctx.version.flowId, flowName: ctx.version.flowName };
  return action === "add" ? addTags(item) : removeTags(item);
}

/**
 * The tag changes of the users reaching a tag step at the same moment, in one statement.
 * The tag is found by its name in any case (lower = lower: not ILIKE, whose _ and % would
 * make "Plan_A" find "Plan-A", and "%" any tag). The inbox events are written as
 * publishInboxEvent writes them (lib/realtime/publish.ts): the INSERT takes the write lock
 * on InboxEvent before the ids are drawn, and the NOTIFYs go out on commit. The same user
 * and tag twice waits for the next statement, so only the first of them changes anything.
 */
async function changeTags(items: readonly TTagChange[]): Promise<{ found: boolean; changed: boolean }[]> {
  const results = new Map<TTagChange, { found: boolean; changed: boolean }>();
  for (const part of uniqueRuns(items, (i) => `${i.userId}\u0000${i.name.toLowerCase()}`)) {
    const changed = await changeTagsOnce(part);
    part.forEach((item, k) => results.set(item, changed[k]!));
  }
  // In the callers' order (the parts are not).
  return items.map((item) => results.get(item)!);
}

async function changeTagsOnce(items: readonly TTagChange[]): Promise<{ found: boolean; changed: boolean }[]> {
  const action = items[0]!.action;
  const change =
    action === "add"
      ? Prisma.sql`
        INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia", "appliedByRef", "appliedAt")
        SELECT user_id, tag_id, 'FLOW', flow_name, now() FROM tag
        ON CONFLICT DO NOTHING
        RETURNING "telegramUserId", "tagId"`
      : Prisma.sql`
        DELETE FROM "UserTag" ut USING tag WHERE ut."telegramUserId" = tag.user_id AND ut."tagId" = tag.tag_id
        RETURNING ut."telegramUserId", ut."tagId"`;
  const rows = await db().$queryRaw<{ ord: bigint; found: boolean; changed: boolean }[]>`
    WITH i AS (
      SELECT * FROM unnest(${items.map((i) => i.userId)}::text[], ${items.map((i) => i.name)}::text[], ${items.map((i) => i.botId)}::text[],
        ${items.map((i) => i.flowId)}::text[], ${items.map((i) => i.flowName)}::text[], ${items.map((i) => `Flow “${i.flowName}”`)}::text[])
        WITH ORDINALITY AS i(user_id, name, bot_id, flow_id, flow_name, by_name, ord)
    ),
    tag AS (
      SELECT i.*, t."id" AS tag_id, t."name" AS tag_name, t."color" AS tag_color
      FROM i CROSS JOIN LATERAL (SELECT "id", "name", "color" FROM "Tag" WHERE lower("name") = lower(i.name) ORDER BY "name" = i.name DESC LIMIT 1) t
    ),
    changed AS (${change}),
    hit AS (
      SELECT DISTINCT ON (tag.user_id, tag.tag_id) tag.*
      FROM tag JOIN changed ON changed."telegramUserId" = tag.user_id AND changed."tagId" = tag.tag_id
      ORDER BY tag.user_id, tag.tag_id, tag.ord
    ),
    ev AS (
      INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
      SELECT bot_id, user_id, ${action === "add" ? "tag_added" : "tag_removed"},
        jsonb_build_object('tag', tag_name, 'via', 'flow', 'flowId', flow_id, 'flow', flow_name), now() AT TIME ZONE 'UTC'
      FROM hit
    ),
    ie AS (
      INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
      SELECT 'tags.changed', NULL,
        jsonb_build_object('userIds', jsonb_build_array(user_id), 'tag', jsonb_build_object('id', tag_id, 'name', tag_name, 'color', tag_color),
          'action', ${action}::text, 'by', by_name),
        now() AT TIME ZONE 'UTC'
      FROM (SELECT * FROM hit ORDER BY ord) h
      RETURNING "id"
    ),
    notified AS (SELECT pg_notify(${INBOX_CHANNEL}, "id"::text) FROM ie)
    SELECT i.ord, EXISTS (SELECT 1 FROM tag WHERE tag.ord = i.ord) AS "found", EXISTS (SELECT 1 FROM hit WHERE hit.ord = i.ord) AS "changed",
      (SELECT count(*) FROM notified) AS "notified"
    FROM i ORDER BY i.ord`;
  return rows.map((r) => ({ found: r.found, changed: r.changed }));
}

const addTags = batched(changeTags);
const removeTags = batched(changeTags);

/** Stores one attribute on the user (and in the run's copy, for later tokens and conditions). */
export async function setAttribute(ctx: TRunContext, key: string, value: string | number | boolean | null): Promise<void> {
  await writeAttribute({ userId: ctx.user.id, key, value: JSON.stringify(value) });
  ctx.user.attributes = { ...ctx.user.attributes, [key]: value };
}

type TAttributeWrite = { userId: string; key: string; value: string };

/** The attribute writes of the same moment in one statement (a user's second write in the next). */
const writeAttribute = batched<TAttributeWrite, void>(async (items) => {
  for (const part of uniqueRuns(items, (i) => i.userId)) {
    await db().$executeRaw`
      UPDATE "TelegramUser" t SET "attributes" = jsonb_set(COALESCE(t."attributes", '{}'::jsonb), ARRAY[v.k]::text[], v.val::jsonb)
      FROM unnest(${part.map((i) => i.userId)}::text[], ${part.map((i) => i.key)}::text[], ${part.map((i) => i.value)}::text[]) AS v(id, k, val)
      WHERE t."id" = v.id`;
  }
  return items.map(() => undefined);
});
