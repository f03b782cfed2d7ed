-- CreateIndex (written by hand: Prisma's schema cannot say INCLUDE; see SegmentUser in schema.prisma)
CREATE INDEX "SegmentUser_botKey_lastSeenAt_idx" ON "SegmentUser"("botKey", "lastSeenAt") INCLUDE ("firstSeenAt", "blocked", "tagBits", "key");
