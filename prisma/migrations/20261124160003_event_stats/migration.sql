-- CreateTable
CREATE TABLE "UserEventStat" (
    "telegramUserId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "recent" TIMESTAMP(3)[],

    CONSTRAINT "UserEventStat_pkey" PRIMARY KEY ("telegramUserId","name")
);

-- CreateIndex
CREATE INDEX "UserEventStat_botId_name_lastAt_idx" ON "UserEventStat"("botId", "name", "lastAt");

-- AddForeignKey
ALTER TABLE "UserEventStat" ADD CONSTRAINT "UserEventStat_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by triggers: every statement that inserts events folds them in (grouped per user
-- and name, so a bulk insert is one pass), and one that deletes events recomputes the
-- stats of the users and names it touched from what remains.
CREATE FUNCTION tagflow_event_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "UserEventStat" AS s ("telegramUserId", "name", "botId", "count", "firstAt", "lastAt", "recent")
  SELECT n."telegramUserId", n."name", min(n."botId"), count(*)::int, min(n."occurredAt"), max(n."occurredAt"),
         (array_agg(n."occurredAt" ORDER BY n."occurredAt" DESC))[1:16]
  FROM new_events n
  GROUP BY n."telegramUserId", n."name"
  ON CONFLICT ("telegramUserId", "name") DO UPDATE SET
    "count" = s."count" + EXCLUDED."count",
    "firstAt" = least(s."firstAt", EXCLUDED."firstAt"),
    "lastAt" = greatest(s."lastAt", EXCLUDED."lastAt"),
    "recent" = (SELECT array_agg(t ORDER BY t DESC) FROM (SELECT t FROM unnest(s."recent" || EXCLUDED."recent") t ORDER BY t DESC LIMIT 16) top);
  RETURN NULL;
END
$$;

CREATE FUNCTION tagflow_event_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "UserEventStat" s
  USING (SELECT DISTINCT o."telegramUserId", o."name" FROM old_events o) k
  WHERE s."telegramUserId" = k."telegramUserId" AND s."name" = k."name";
  -- What remains of those users' events (none for a user being deleted: it is not joined).
  INSERT INTO "UserEventStat" ("telegramUserId", "name", "botId", "count", "firstAt", "lastAt", "recent")
  SELECT e."telegramUserId", e."name", min(e."botId"), count(*)::int, min(e."occurredAt"), max(e."occurredAt"),
         (array_agg(e."occurredAt" ORDER BY e."occurredAt" DESC))[1:16]
  FROM "Event" e
  JOIN (SELECT DISTINCT o."telegramUserId", o."name" FROM old_events o) k ON k."telegramUserId" = e."telegramUserId" AND k."name" = e."name"
  JOIN "TelegramUser" u ON u."id" = e."telegramUserId"
  GROUP BY e."telegramUserId", e."name";
  RETURN NULL;
END
$$;

CREATE TRIGGER tagflow_event_stats_insert AFTER INSERT ON "Event"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION tagflow_event_stats_insert();

CREATE TRIGGER tagflow_event_stats_delete AFTER DELETE ON "Event"
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION tagflow_event_stats_delete();

-- Events stored before this migration.
INSERT INTO "UserEventStat" ("telegramUserId", "name", "botId", "count", "firstAt", "lastAt", "recent")
SELECT e."telegramUserId", e."name", min(e."botId"), count(*)::int, min(e."occurredAt"), max(e."occurredAt"),
       (array_agg(e."occurredAt" ORDER BY e."occurredAt" DESC))[1:16]
FROM "Event" e GROUP BY e."telegramUserId", e."name";
