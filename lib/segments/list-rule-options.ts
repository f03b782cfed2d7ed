// What the builder's pickers autocomplete from, for one bot: tags, event names (and the
// property keys seen on them), attribute keys, sources, languages, other segments and the
// campaigns that have sent (newest first).
import { db } from "../db/client";

export async function listRuleOptions(botId: string) {
  const [tags, eventNames, eventKeys, attributes, sources, languages, segments, campaigns] = await Promise.all([
    db().tag.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, color: true } }),
    // Every event name (a skip scan over the (botId, name, occurredAt) index), and the
    // property keys seen on recent events: bounded work on a big Event table.
    db().$queryRaw<{ name: string }[]>`
      WITH RECURSIVE n AS (
        SELECT min("name") AS name FROM "Event" WHERE "botId" = ${botId}
        UNION ALL
        SELECT (SELECT min("name") FROM "Event" WHERE "botId" = ${botId} AND "name" > n.name) FROM n WHERE n.name IS NOT NULL
      ) SELECT name FROM n WHERE name IS NOT NULL`,
    db().$queryRaw<{ name: string; keys: string[] | null }[]>`
      SELECT e."name", array_agg(DISTINCT k) FILTER (WHERE k IS NOT NULL) AS keys
      FROM (SELECT "name", "properties" FROM "Event" WHERE "botId" = ${botId} ORDER BY "id" DESC LIMIT 20000) e
      LEFT JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(e."properties") = 'object' THEN e."properties" ELSE '{}'::jsonb END) k ON true
      GROUP BY e."name"`,
    db().$queryRaw<{ key: string; type: string }[]>`
      SELECT k AS key, mode() WITHIN GROUP (ORDER BY jsonb_typeof(u."attributes" -> k)) AS type
      FROM (SELECT "attributes" FROM "TelegramUser" WHERE "botId" = ${botId} ORDER BY "lastSeenAt" DESC LIMIT 20000) u,
           LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(u."attributes") = 'object' THEN u."attributes" ELSE '{}'::jsonb END) k
      GROUP BY k ORDER BY k`,
    db().$queryRaw<{ source: string; n: number }[]>`
      SELECT "source", count(*)::int AS n FROM "TelegramUser" WHERE "botId" = ${botId} AND "source" IS NOT NULL
      GROUP BY "source" ORDER BY n DESC, "source" LIMIT 200`,
    db().$queryRaw<{ code: string; n: number }[]>`
      SELECT lower("languageCode") AS code, count(*)::int AS n FROM "TelegramUser"
      WHERE "botId" = ${botId} AND "languageCode" IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 100`,
    db().segment.findMany({ where: { botId }, orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } }),
    db().campaign.findMany({
      where: { botId, status: { not: "DRAFT" }, recipients: { some: { state: "SENT" } } },
      orderBy: [{ launchedAt: "desc" }, { name: "asc" }],
      select: { id: true, name: true, status: true },
    }),
  ]);
  const typeOf = (t: string): "number" | "boolean" | "text" => (t === "number" ? "number" : t === "boolean" ? "boolean" : "text");
  return {
    tags,
    events: eventNames.map((e) => ({ name: e.name, propertyKeys: eventKeys.find((k) => k.name === e.name)?.keys ?? [] })),
    attributes: attributes.map((a) => ({ key: a.key, valueType: typeOf(a.type) })),
    sources: sources.map((s) => ({ value: s.source, count: s.n })),
    languages: languages.map((l) => ({ code: l.code, count: l.n })),
    segments,
    campaigns,
  };
}
export type TRuleOptions = Awaited<ReturnType<typeof listRuleOptions>>;
