-- DropForeignKey
ALTER TABLE "Event" DROP CONSTRAINT "Event_telegramUserId_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "TelegramUser_id_botId_key" ON "TelegramUser"("id", "botId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_telegramUserId_botId_fkey" FOREIGN KEY ("telegramUserId", "botId") REFERENCES "TelegramUser"("id", "botId") ON DELETE CASCADE ON UPDATE CASCADE;
