-- AlterTable
ALTER TABLE "TelegramUpdate" ADD COLUMN     "chatId" BIGINT;

-- CreateIndex
CREATE INDEX "TelegramUpdate_botId_chatId_updateId_idx" ON "TelegramUpdate"("botId", "chatId", "updateId");


-- The chat an update belongs to (private chats: the user), or NULL. Never fails on odd input.
CREATE OR REPLACE FUNCTION tagflow_update_chat(payload jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v ~ '^-?[0-9]{1,18}$' THEN v::bigint END
  FROM (SELECT COALESCE(
    payload->'message'->'chat'->>'id', payload->'edited_message'->'chat'->>'id',
    payload->'callback_query'->'message'->'chat'->>'id', payload->'callback_query'->'from'->>'id',
    payload->'my_chat_member'->'chat'->>'id') AS v) AS c
$$;

-- Updates still waiting to be processed get their chat, so they too are processed in order.
UPDATE "TelegramUpdate" SET "chatId" = tagflow_update_chat("payload") WHERE "processedAt" IS NULL;
