import { db, type Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { ZAudience, ZCampaignMessage, ZRollout, ZSchedule, ZTracking, type TCreateCampaign } from "./schemas";

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function createCampaign(input: TCreateCampaign, staffId: string | null) {
  const bot = await db().bot.findUnique({ where: { id: input.botId }, select: { id: true } });
  if (!bot) throw new AppError("INVALID_INPUT", "botId: there is no such bot.");
  return db().campaign.create({
    data: {
      botId: input.botId,
      name: input.name,
      audience: json(ZAudience.parse(undefined)),
      message: json(ZCampaignMessage.parse(undefined)),
      rollout: json(ZRollout.parse(undefined)),
      schedule: json(ZSchedule.parse(undefined)),
      tracking: json(ZTracking.parse(undefined)),
      createdById: staffId,
    },
    select: { id: true, botId: true, name: true, status: true, wizardStep: true },
  });
}
