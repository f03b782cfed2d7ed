// The segment facts (SegmentUser, SegmentAttribute, UserEventStat."userKey") stay equal to
// what TelegramUser, UserTag and Tag hold, through every kind of change the app makes:
// users created (also by upsert), updated (seen, blocked, unsubscribed, premium, language,
// source, attributes), tags added / removed / deleted, users deleted, and tags added to the
// same user by concurrent transactions. Segment counts read only the facts, so an exact count
// depends on this.
import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createBotRow, useTestDatabase } from "./helpers";
import { db, Prisma } from "@/lib/db/client";

useTestDatabase();

let botId = "";

/** The facts as the triggers keep them. */
async function stored() {
  const users = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT "key", "userId", "botKey", "language", "source", "firstSeenAt", "lastSeenAt", "blocked", "unsubscribed", "premium",
           "tagKeys", "tagBits"::text AS "tagBits"
    FROM "SegmentUser" ORDER BY "key"`;
  const attributes = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT "userKey", "botId", "name", "type", "text", "number"::text AS "number", "boolean"
    FROM "SegmentAttribute" ORDER BY "userKey", "name"`;
  return { users, attributes };
}

/** The facts computed from scratch, here in the test (not by the migration's functions). */
async function expected() {
  const users = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT u."key", u."id" AS "userId", b."key" AS "botKey", lower(u."languageCode") AS "language", u."source", u."firstSeenAt", u."lastSeenAt",
           u."blockedAt" IS NOT NULL AS "blocked", u."unsubscribedAt" IS NOT NULL AS "unsubscribed", u."isPremium" AS "premium",
           coalesce((SELECT array_agg(g."key" ORDER BY g."key") FROM "UserTag" ut JOIN "Tag" g ON g."id" = ut."tagId"
                     WHERE ut."telegramUserId" = u."id"), '{}') AS "tagKeys"
    FROM "TelegramUser" u JOIN "Bot" b ON b."id" = u."botId" ORDER BY u."key"`;
  const attributes = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT u."key" AS "userKey", u."botId", a.key AS "name", jsonb_typeof(a.value) AS "type",
           CASE WHEN jsonb_typeof(a.value) = 'string' THEN lower(a.value #>> '{}') END AS "text",
           CASE WHEN jsonb_typeof(a.value) = 'number' AND abs((a.value)::numeric) < 1e35 AND (a.value)::numeric = round((a.value)::numeric, 30)
                THEN (a.value)::numeric(65, 30)::text END AS "number",
           CASE WHEN jsonb_typeof(a.value) = 'boolean' THEN (a.value)::boolean END AS "boolean"
    FROM "TelegramUser" u, jsonb_each(CASE WHEN jsonb_typeof(u."attributes") = 'object' THEN u."attributes" ELSE '{}'::jsonb END) a
    ORDER BY 1, 3`;
  // Bit (key % 64) of each tag key, as an unsigned 64-bit number.
  const bits = (keys: number[]) => [...new Set(keys.map((k) => k % 64))].reduce((m, b) => m | (1n << BigInt(b)), 0n).toString();
  return { users: users.map((u) => ({ ...u, tagBits: bits(u.tagKeys as number[]) })), attributes };
}

/** tagBits as stored is a signed 64-bit integer; bit 63 makes it negative. */
function unsignedBits(users: Record<string, unknown>[]) {
  return users.map((u) => ({ ...u, tagBits: BigInt.asUintN(64, BigInt(u.tagBits as string)).toString() }));
}

async function expectFactsCurrent() {
  const [s, e] = await Promise.all([stored(), expected()]);
  expect(unsignedBits(s.users)).toEqual(e.users);
  expect(s.attributes).toEqual(e.attributes);
}

let tg = 5000;
function newUser(extra: Partial<Prisma.TelegramUserUncheckedCreateInput> = {}) {
  tg += 1;
  return db().telegramUser.create({ data: { botId, telegramId: BigInt(tg), firstName: `U${tg}`, ...extra } });
}

beforeAll(async () => {
  botId = (await createBotRow("41")).id;
});

describe("segment facts", () => {
  it("follow users through creation, updates and deletion", async () => {
    const a = await newUser({ languageCode: "PT-br", source: "src_ads", isPremium: true, attributes: { plan: "Pro", age: 31, vip: true, note: null, tags: ["x"], score: 0.125, huge: 1e40, tiny: 1e-40 } });
    const b = await newUser({ attributes: "not an object" as unknown as Prisma.InputJsonValue });
    await newUser();
    await expectFactsCurrent();

    // One statement updating several users, and updates that change nothing the facts keep.
    await db().telegramUser.updateMany({ where: { botId }, data: { lastSeenAt: new Date(Date.now() - 3_600_000) } });
    await db().telegramUser.update({ where: { id: a.id }, data: { firstName: "Renamed" } });
    await db().telegramUser.update({ where: { id: a.id }, data: { blockedAt: new Date(), attributes: { plan: "free", age: "31", signup_date: "2026-01-02" } } });
    await db().telegramUser.update({ where: { id: b.id }, data: { unsubscribedAt: new Date(), languageCode: null, isPremium: true, source: "src_x" } });
    await expectFactsCurrent();

    // Upsert (INSERT … ON CONFLICT DO UPDATE), as intake writes users: one new, one existing.
    await db().$executeRaw`
      INSERT INTO "TelegramUser" ("id", "botId", "telegramId", "firstName", "languageCode", "attributes")
      VALUES ('factsupsertuser000000001', ${botId}, 999001, 'New', 'de', '{"city": "Berlin"}'),
             (${b.id}, ${botId}, ${b.telegramId}, 'B again', 'ES', '{"city": "Madrid", "age": 40}')
      ON CONFLICT ("id") DO UPDATE SET "languageCode" = EXCLUDED."languageCode", "attributes" = EXCLUDED."attributes",
                                       "lastSeenAt" = now()`;
    await expectFactsCurrent();

    await db().telegramUser.delete({ where: { id: a.id } });
    await expectFactsCurrent();
    expect(await db().segmentUser.count({ where: { userId: a.id } })).toBe(0);
  });

  it("follow tags added, removed and deleted, and carry user keys into event stats", async () => {
    const users = await Promise.all([newUser(), newUser(), newUser()]);
    const tags = [];
    for (let i = 0; i < 70; i++) tags.push(await db().tag.create({ data: { name: `Facts-${i}` } }));
    // Keys 64 apart share a bit of tagBits; the array tells them apart.
    await db().userTag.createMany({
      data: [
        ...tags.slice(0, 66).map((t) => ({ telegramUserId: users[0]!.id, tagId: t.id, appliedVia: "AGENT" as const })),
        { telegramUserId: users[1]!.id, tagId: tags[2]!.id, appliedVia: "FLOW" },
        { telegramUserId: users[1]!.id, tagId: tags[66]!.id, appliedVia: "FLOW" },
      ],
    });
    await expectFactsCurrent();

    await db().userTag.deleteMany({ where: { telegramUserId: users[0]!.id, tagId: { in: tags.slice(10, 20).map((t) => t.id) } } });
    await db().tag.delete({ where: { id: tags[2]!.id } }); // cascades to both users' UserTag rows
    await expectFactsCurrent();

    await db().event.createMany({
      data: users.flatMap((u) => [
        { botId, telegramUserId: u.id, name: "button_click" },
        { botId, telegramUserId: u.id, name: "purchase", properties: { amount: 5 } },
      ]),
    });
    const missing = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "UserEventStat" s JOIN "TelegramUser" u ON u."id" = s."telegramUserId" WHERE s."userKey" <> u."key"`;
    expect(missing[0]!.n).toBe(0);
    expect(await db().userEventStat.count({ where: { telegramUserId: { in: users.map((u) => u.id) } } })).toBe(6);
    await db().event.deleteMany({ where: { telegramUserId: users[0]!.id, name: "purchase" } });
    const after = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "UserEventStat" s JOIN "TelegramUser" u ON u."id" = s."telegramUserId" WHERE s."userKey" = u."key"`;
    expect(after[0]!.n).toBe(await db().userEventStat.count());

    // An event is always one of its bot's users' (segments count a bot's event rollups as
    // that bot's users): the foreign key refuses an event of another bot for this user.
    const otherBot = await createBotRow("42");
    await expect(db().event.create({ data: { botId: otherBot.id, telegramUserId: users[1]!.id, name: "button_click" } })).rejects.toThrow(/foreign key/i);
    expect(await db().event.count({ where: { botId: otherBot.id } })).toBe(0);
  });

  it("stay exact when concurrent transactions tag the same user", async () => {
    const user = await newUser();
    const tags: { id: string }[] = [];
    for (let i = 0; i < 8; i++) tags.push(await db().tag.create({ data: { name: `Race-${i}` } }));
    const url = process.env.DATABASE_URL!;
    // Eight connections, each adding one tag in its own transaction, all begun before any
    // writes, so their triggers overlap (each waits for the user's row, then recounts); then
    // two remove a tag each at once.
    const clients = await Promise.all(tags.map(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }));
    try {
      await Promise.all(clients.map((c) => c.query("BEGIN")));
      await Promise.all(
        clients.map(async (c, i) => {
          await c.query(`INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia") VALUES ($1, $2, 'AGENT')`, [user.id, tags[i]!.id]);
          await c.query("COMMIT");
        }),
      );
      await expectFactsCurrent();
      expect((await db().segmentUser.findUniqueOrThrow({ where: { userId: user.id } })).tagKeys).toHaveLength(8);

      await Promise.all(clients.slice(0, 2).map((c) => c.query("BEGIN")));
      await Promise.all(
        clients.slice(0, 2).map(async (c, i) => {
          await c.query(`DELETE FROM "UserTag" WHERE "telegramUserId" = $1 AND "tagId" = $2`, [user.id, tags[i]!.id]);
          await c.query("COMMIT");
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    await expectFactsCurrent();
    expect((await db().segmentUser.findUniqueOrThrow({ where: { userId: user.id } })).tagKeys).toHaveLength(6);
  });
});
