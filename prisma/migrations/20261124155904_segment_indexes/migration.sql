-- Covering indexes for segment conditions on tags and events (new ones first, so a
-- lookup always has an index while this runs).

-- CreateIndex
CREATE INDEX "Event_botId_name_occurredAt_telegramUserId_idx" ON "Event"("botId", "name", "occurredAt", "telegramUserId");

-- CreateIndex
CREATE INDEX "UserTag_tagId_telegramUserId_idx" ON "UserTag"("tagId", "telegramUserId");

-- DropIndex
DROP INDEX "Event_botId_name_occurredAt_idx";

-- DropIndex
DROP INDEX "UserTag_tagId_idx";
