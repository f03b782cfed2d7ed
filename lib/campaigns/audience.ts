// A campaign's audience as SQL: the segment's (or the ad-hoc rules') users of the bot,
// without blocked and unsubscribed users.
import { Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { compileContext, segmentWhere } from "../segments/evaluate-segment";
import type { TRules } from "../segments/rules";
import type { TAudience } from "./schemas";

export function audienceRules(a: TAudience): TRules {
  if (a.source === "rules") {
    if (!a.rules) throw new AppError("INVALID_INPUT", "audience.rules: build the audience's rules, or choose a segment.");
    return a.rules;
  }
  if (!a.segmentId) throw new AppError("INVALID_INPUT", "audience.segmentId: choose a segment.");
  return { id: "root", type: "group", op: "and", not: false, children: [{ id: "seg", type: "segment", segmentId: a.segmentId, in: true }] };
}

/** WHERE over `TelegramUser u` selecting the campaign's eligible audience. */
export async function audienceWhere(botId: string, a: TAudience, now: Date): Promise<Prisma.Sql> {
  const where = await segmentWhere(audienceRules(a), await compileContext(botId, now));
  return Prisma.sql`${where} AND u."blockedAt" IS NULL AND u."unsubscribedAt" IS NULL`;
}
