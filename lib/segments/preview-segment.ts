// The builder's live answer: the exact count and a sample of the users the rules select.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { evaluateSegment } from "./evaluate-segment";
import type { TPreviewSegment } from "./schemas";

export async function previewSegment(input: TPreviewSegment) {
  const bot = await db().bot.findUnique({ where: { id: input.botId }, select: { id: true } });
  if (!bot) throw new AppError("INVALID_INPUT", "botId: there is no such bot.");
  let self: { id: string; name: string } | undefined;
  if (input.segmentId) {
    const segment = await db().segment.findUnique({ where: { id: input.segmentId }, select: { id: true, name: true } });
    if (segment) self = segment;
  }
  const result = await evaluateSegment(input.rules, { botId: input.botId, sample: input.sample, self });
  return {
    count: result.count,
    now: result.now.toISOString(),
    ms: Math.round(result.ms),
    sample: result.sample.map((u) => ({
      id: u.id,
      telegramId: u.telegramId,
      name: [u.firstName, u.lastName].filter(Boolean).join(" "),
      username: u.username,
      languageCode: u.languageCode,
      source: u.source,
      firstSeenAt: u.firstSeenAt.toISOString(),
      lastSeenAt: u.lastSeenAt.toISOString(),
      blocked: u.blockedAt !== null,
    })),
  };
}
