-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('DYNAMIC', 'STATIC');

-- AlterTable
ALTER TABLE "TelegramUser" ADD COLUMN     "lifecycleChangedAt" TIMESTAMP(3),
ADD COLUMN     "lifecycleStage" TEXT;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" "SegmentKind" NOT NULL DEFAULT 'DYNAMIC',
    "rules" JSONB NOT NULL,
    "lastCount" INTEGER,
    "lastCountAt" TIMESTAMP(3),
    "frozenAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentMember" (
    "segmentId" TEXT NOT NULL,
    "telegramUserId" TEXT NOT NULL,

    CONSTRAINT "SegmentMember_pkey" PRIMARY KEY ("segmentId","telegramUserId")
);

-- CreateTable
CREATE TABLE "SegmentSize" (
    "segmentId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "size" INTEGER NOT NULL,

    CONSTRAINT "SegmentSize_pkey" PRIMARY KEY ("segmentId","day")
);

-- CreateTable
CREATE TABLE "LifecycleChange" (
    "id" BIGSERIAL NOT NULL,
    "botId" TEXT NOT NULL,
    "telegramUserId" TEXT NOT NULL,
    "fromStage" TEXT,
    "toStage" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LifecycleChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Segment_botId_name_key" ON "Segment"("botId", "name");

-- CreateIndex
CREATE INDEX "SegmentMember_telegramUserId_idx" ON "SegmentMember"("telegramUserId");

-- CreateIndex
CREATE INDEX "LifecycleChange_botId_changedAt_idx" ON "LifecycleChange"("botId", "changedAt");

-- CreateIndex
CREATE INDEX "LifecycleChange_telegramUserId_changedAt_idx" ON "LifecycleChange"("telegramUserId", "changedAt");

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMember" ADD CONSTRAINT "SegmentMember_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMember" ADD CONSTRAINT "SegmentMember_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentSize" ADD CONSTRAINT "SegmentSize_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LifecycleChange" ADD CONSTRAINT "LifecycleChange_telegramUserId_fkey" FOREIGN KEY ("telegramUserId") REFERENCES "TelegramUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
