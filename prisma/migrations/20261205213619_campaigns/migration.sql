-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'STAGE_DONE', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RecipientState" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "wizardStep" INTEGER NOT NULL DEFAULT 1,
    "audience" JSONB NOT NULL,
    "message" JSONB NOT NULL,
    "rollout" JSONB NOT NULL,
    "schedule" JSONB NOT NULL,
    "tracking" JSONB NOT NULL,
    "paidBroadcast" BOOLEAN NOT NULL DEFAULT false,
    "ratePerSecond" INTEGER NOT NULL DEFAULT 30,
    "stage" INTEGER NOT NULL DEFAULT 0,
    "stageCount" INTEGER NOT NULL DEFAULT 0,
    "nextStageAt" TIMESTAMP(3),
    "launchedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRecipient" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "telegramUserId" TEXT NOT NULL,
    "chatId" BIGINT NOT NULL,
    "stage" INTEGER NOT NULL,
    "variantId" TEXT,
    "state" "RecipientState" NOT NULL DEFAULT 'PENDING',
    "sendAfter" TIMESTAMP(3),
    "timeZone" TEXT,
    "token" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "unconfirmed" BOOLEAN NOT NULL DEFAULT false,
    "failureReason" TEXT,
    "telegramMessageId" INTEGER,
    "sentAt" TIMESTAMP(3),
    "clickedAt" TIMESTAMP(3),
    "repliedAt" TIMESTAMP(3),
    "convertedAt" TIMESTAMP(3),

    CONSTRAINT "CampaignRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotSendState" (
    "botId" TEXT NOT NULL,
    "ownerId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "pausedUntil" TIMESTAMP(3),

    CONSTRAINT "BotSendState_pkey" PRIMARY KEY ("botId")
);

-- CreateIndex
CREATE INDEX "Campaign_botId_status_idx" ON "Campaign"("botId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_token_key" ON "CampaignRecipient"("token");

-- CreateIndex
CREATE INDEX "CampaignRecipient_campaignId_state_stage_idx" ON "CampaignRecipient"("campaignId", "state", "stage");

-- CreateIndex
CREATE INDEX "CampaignRecipient_telegramUserId_sentAt_idx" ON "CampaignRecipient"("telegramUserId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_campaignId_telegramUserId_key" ON "CampaignRecipient"("campaignId", "telegramUserId");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotSendState" ADD CONSTRAINT "BotSendState_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
