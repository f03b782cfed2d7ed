-- DropIndex
DROP INDEX "UserEventStat_botId_name_lastAt_idx";

-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "key" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "key" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "TelegramUser" ADD COLUMN     "key" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "UserEventStat" ADD COLUMN     "userKey" INTEGER;
UPDATE "UserEventStat" s SET "userKey" = u."key" FROM "TelegramUser" u WHERE u."id" = s."telegramUserId";
ALTER TABLE "UserEventStat" ALTER COLUMN "userKey" SET NOT NULL;

-- CreateTable
CREATE TABLE "SegmentUser" (
    "key" INTEGER NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "tagBits" BIGINT NOT NULL DEFAULT 0,
    "blocked" BOOLEAN NOT NULL,
    "unsubscribed" BOOLEAN NOT NULL,
    "premium" BOOLEAN NOT NULL,
    "botKey" INTEGER NOT NULL,
    "language" TEXT,
    "source" TEXT,
    "tagKeys" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "userId" TEXT NOT NULL,

    CONSTRAINT "SegmentUser_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SegmentAttribute" (
    "userKey" INTEGER NOT NULL,
    "botId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "text" TEXT,
    "number" DECIMAL(65,30),
    "boolean" BOOLEAN,

    CONSTRAINT "SegmentAttribute_pkey" PRIMARY KEY ("userKey","name")
);

-- CreateIndex
CREATE UNIQUE INDEX "SegmentUser_userId_key" ON "SegmentUser"("userId");

-- CreateIndex
CREATE INDEX "SegmentUser_botKey_language_idx" ON "SegmentUser"("botKey", "language");

-- CreateIndex
CREATE INDEX "SegmentUser_botKey_source_idx" ON "SegmentUser"("botKey", "source");

-- CreateIndex
CREATE INDEX "SegmentAttribute_botId_name_text_userKey_idx" ON "SegmentAttribute"("botId", "name", "text", "userKey");

-- CreateIndex
CREATE INDEX "SegmentAttribute_botId_name_number_userKey_idx" ON "SegmentAttribute"("botId", "name", "number", "userKey");

-- CreateIndex
CREATE UNIQUE INDEX "Bot_key_key" ON "Bot"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_key_key" ON "Tag"("key");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramUser_key_key" ON "TelegramUser"("key");

-- CreateIndex
CREATE INDEX "UserEventStat_botId_name_lastAt_userKey_count_recent_idx" ON "UserEventStat"("botId", "name", "lastAt", "userKey", "count", "recent");

-- AddForeignKey
ALTER TABLE "SegmentUser" ADD CONSTRAINT "SegmentUser_key_fkey" FOREIGN KEY ("key") REFERENCES "TelegramUser"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentAttribute" ADD CONSTRAINT "SegmentAttribute_userKey_fkey" FOREIGN KEY ("userKey") REFERENCES "TelegramUser"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------
-- Segment facts: SegmentUser (one narrow row per user) and SegmentAttribute (one row per
-- attribute key), kept by triggers in the transaction of every change, so segment counts
-- read them and stay exact. lib/segments/compile-rules.ts compiles conditions against them.

-- Room on each page, so that a user's lastSeenAt moving (no indexed column changes) is a
-- heap-only update.
ALTER TABLE "SegmentUser" SET (fillfactor = 85);

/** Bit (key % 64) of every tag key: SegmentUser."tagBits". */
CREATE FUNCTION tagflow_tag_bits(keys integer[]) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(bit_or(1::bigint << (k % 64)), 0) FROM unnest(keys) k
$$;

/** A JSON number as SegmentAttribute."number" stores it: NULL when it does not fit numeric(65,30) exactly. */
CREATE FUNCTION tagflow_attribute_number(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'number' AND abs(v::numeric) < 1e35 AND v::numeric = round(v::numeric, 30) THEN v::numeric END
$$;

/** SegmentAttribute's columns for each key of a user's attributes (none unless a JSON object). */
CREATE FUNCTION tagflow_attribute_rows(attributes jsonb)
  RETURNS TABLE ("name" text, "type" text, "text" text, "number" numeric, "boolean" boolean)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a.key, jsonb_typeof(a.value),
         CASE WHEN jsonb_typeof(a.value) = 'string' THEN lower(a.value #>> '{}') END,
         tagflow_attribute_number(a.value),
         CASE WHEN jsonb_typeof(a.value) = 'boolean' THEN (a.value)::boolean END
  FROM jsonb_each(CASE WHEN jsonb_typeof(attributes) = 'object' THEN attributes ELSE '{}'::jsonb END) a
$$;

/** Every user's facts rebuilt from TelegramUser and UserTag (the backfill; bulk loads). */
CREATE FUNCTION tagflow_segment_facts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "SegmentAttribute";
  DELETE FROM "SegmentUser";
  INSERT INTO "SegmentUser" ("key", "userId", "language", "source", "firstSeenAt", "lastSeenAt",
                             "blocked", "unsubscribed", "premium", "botKey", "tagKeys", "tagBits")
  SELECT u."key", u."id", lower(u."languageCode"), u."source", u."firstSeenAt", u."lastSeenAt",
         u."blockedAt" IS NOT NULL, u."unsubscribedAt" IS NOT NULL, u."isPremium", b."key",
         coalesce(t.keys, '{}'), tagflow_tag_bits(coalesce(t.keys, '{}'))
  FROM "TelegramUser" u
  JOIN "Bot" b ON b."id" = u."botId"
  LEFT JOIN (SELECT ut."telegramUserId" AS id, array_agg(g."key" ORDER BY g."key") AS keys
             FROM "UserTag" ut JOIN "Tag" g ON g."id" = ut."tagId" GROUP BY ut."telegramUserId") t ON t.id = u."id";
  INSERT INTO "SegmentAttribute" ("userKey", "botId", "name", "type", "text", "number", "boolean")
  SELECT u."key", u."botId", a.* FROM "TelegramUser" u CROSS JOIN LATERAL tagflow_attribute_rows(u."attributes") a;
END
$$;

CREATE FUNCTION tagflow_segment_users_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SegmentUser" ("key", "userId", "language", "source", "firstSeenAt", "lastSeenAt",
                             "blocked", "unsubscribed", "premium", "botKey", "tagKeys", "tagBits")
  SELECT n."key", n."id", lower(n."languageCode"), n."source", n."firstSeenAt", n."lastSeenAt",
         n."blockedAt" IS NOT NULL, n."unsubscribedAt" IS NOT NULL, n."isPremium", b."key", '{}', 0
  FROM new_users n JOIN "Bot" b ON b."id" = n."botId";
  INSERT INTO "SegmentAttribute" ("userKey", "botId", "name", "type", "text", "number", "boolean")
  SELECT n."key", n."botId", a.* FROM new_users n CROSS JOIN LATERAL tagflow_attribute_rows(n."attributes") a;
  RETURN NULL;
END
$$;

-- Concurrent updates of one user are serialised by its TelegramUser row lock, so each
-- statement's new rows are the latest values.
CREATE FUNCTION tagflow_segment_users_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SegmentUser" f
  SET "userId" = n."id", "botKey" = b."key", "language" = lower(n."languageCode"), "source" = n."source",
      "firstSeenAt" = n."firstSeenAt", "lastSeenAt" = n."lastSeenAt", "blocked" = n."blockedAt" IS NOT NULL,
      "unsubscribed" = n."unsubscribedAt" IS NOT NULL, "premium" = n."isPremium"
  FROM new_users n JOIN old_users o ON o."key" = n."key" JOIN "Bot" b ON b."id" = n."botId"
  WHERE f."key" = n."key"
    AND (n."id", n."botId", n."languageCode", n."source", n."firstSeenAt", n."lastSeenAt", n."blockedAt" IS NULL,
         n."unsubscribedAt" IS NULL, n."isPremium")
        IS DISTINCT FROM
        (o."id", o."botId", o."languageCode", o."source", o."firstSeenAt", o."lastSeenAt", o."blockedAt" IS NULL,
         o."unsubscribedAt" IS NULL, o."isPremium");
  IF EXISTS (SELECT 1 FROM new_users n JOIN old_users o ON o."key" = n."key"
             WHERE n."attributes" IS DISTINCT FROM o."attributes" OR n."botId" IS DISTINCT FROM o."botId") THEN
    DELETE FROM "SegmentAttribute" a
    USING new_users n JOIN old_users o ON o."key" = n."key"
    WHERE a."userKey" = n."key" AND (n."attributes" IS DISTINCT FROM o."attributes" OR n."botId" IS DISTINCT FROM o."botId");
    INSERT INTO "SegmentAttribute" ("userKey", "botId", "name", "type", "text", "number", "boolean")
    SELECT n."key", n."botId", a.*
    FROM new_users n JOIN old_users o ON o."key" = n."key" CROSS JOIN LATERAL tagflow_attribute_rows(n."attributes") a
    WHERE n."attributes" IS DISTINCT FROM o."attributes" OR n."botId" IS DISTINCT FROM o."botId";
  END IF;
  RETURN NULL;
END
$$;

-- The tags of the users a statement on UserTag touched, recomputed from what UserTag holds.
-- The users' rows are locked first, so the recount (a later statement: a newer snapshot)
-- sees every change committed by a concurrent transaction that held them.
CREATE FUNCTION tagflow_segment_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "SegmentUser" f
  WHERE f."userId" IN (SELECT c."telegramUserId" FROM changed_tags c) ORDER BY f."key" FOR NO KEY UPDATE;
  UPDATE "SegmentUser" f SET "tagKeys" = t.keys, "tagBits" = tagflow_tag_bits(t.keys)
  FROM (SELECT c.id, coalesce((SELECT array_agg(g."key" ORDER BY g."key")
                                FROM "UserTag" ut JOIN "Tag" g ON g."id" = ut."tagId"
                                WHERE ut."telegramUserId" = c.id), '{}') AS keys
        FROM (SELECT DISTINCT "telegramUserId" AS id FROM changed_tags) c) t
  WHERE f."userId" = t.id AND f."tagKeys" IS DISTINCT FROM t.keys;
  RETURN NULL;
END
$$;

CREATE TRIGGER tagflow_segment_users_insert AFTER INSERT ON "TelegramUser"
  REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION tagflow_segment_users_insert();
CREATE TRIGGER tagflow_segment_users_update AFTER UPDATE ON "TelegramUser"
  REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION tagflow_segment_users_update();
CREATE TRIGGER tagflow_segment_tags_insert AFTER INSERT ON "UserTag"
  REFERENCING NEW TABLE AS changed_tags FOR EACH STATEMENT EXECUTE FUNCTION tagflow_segment_tags_changed();
CREATE TRIGGER tagflow_segment_tags_update AFTER UPDATE ON "UserTag"
  REFERENCING NEW TABLE AS changed_tags FOR EACH STATEMENT EXECUTE FUNCTION tagflow_segment_tags_changed();
CREATE TRIGGER tagflow_segment_tags_delete AFTER DELETE ON "UserTag"
  REFERENCING OLD TABLE AS changed_tags FOR EACH STATEMENT EXECUTE FUNCTION tagflow_segment_tags_changed();

-- Event statistics carry the user's key.
CREATE OR REPLACE FUNCTION tagflow_event_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "UserEventStat" AS s ("telegramUserId", "userKey", "name", "botId", "count", "firstAt", "lastAt", "recent")
  SELECT g."telegramUserId", u."key", g."name", g."botId", g."count", g."firstAt", g."lastAt", g."recent"
  FROM (SELECT n."telegramUserId", n."name", min(n."botId") AS "botId", count(*)::int AS "count", min(n."occurredAt") AS "firstAt",
               max(n."occurredAt") AS "lastAt", (array_agg(n."occurredAt" ORDER BY n."occurredAt" DESC))[1:16] AS "recent"
        FROM new_events n GROUP BY n."telegramUserId", n."name") g
  JOIN "TelegramUser" u ON u."id" = g."telegramUserId"
  ON CONFLICT ("telegramUserId", "name") DO UPDATE SET
    "count" = s."count" + EXCLUDED."count",
    "firstAt" = least(s."firstAt", EXCLUDED."firstAt"),
    "lastAt" = greatest(s."lastAt", EXCLUDED."lastAt"),
    "recent" = (SELECT array_agg(t ORDER BY t DESC) FROM (SELECT t FROM unnest(s."recent" || EXCLUDED."recent") t ORDER BY t DESC LIMIT 16) top);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION tagflow_event_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "UserEventStat" s
  USING (SELECT DISTINCT o."telegramUserId", o."name" FROM old_events o) k
  WHERE s."telegramUserId" = k."telegramUserId" AND s."name" = k."name";
  -- What remains of those users' events (none for a user being deleted: it is not joined).
  INSERT INTO "UserEventStat" ("telegramUserId", "userKey", "name", "botId", "count", "firstAt", "lastAt", "recent")
  SELECT e."telegramUserId", min(u."key"), e."name", min(e."botId"), count(*)::int, min(e."occurredAt"), max(e."occurredAt"),
         (array_agg(e."occurredAt" ORDER BY e."occurredAt" DESC))[1:16]
  FROM "Event" e
  JOIN (SELECT DISTINCT o."telegramUserId", o."name" FROM old_events o) k ON k."telegramUserId" = e."telegramUserId" AND k."name" = e."name"
  JOIN "TelegramUser" u ON u."id" = e."telegramUserId"
  GROUP BY e."telegramUserId", e."name";
  RETURN NULL;
END
$$;

-- Users stored before this migration.
SELECT tagflow_segment_facts_rebuild();
