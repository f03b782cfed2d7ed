// A wizard save: any steps, each validated whole before anything is written; only drafts change.
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TUpdateCampaign } from "./schemas";

export async function updateCampaign(campaignId: string, input: TUpdateCampaign) {
  const data: Prisma.CampaignUpdateManyMutationInput = {};
  for (const key of ["audience", "message", "rollout", "schedule", "tracking"] as const) {
    if (input[key] !== undefined) data[key] = input[key] as Prisma.InputJsonValue;
  }
  if (input.name !== undefined) data.name = input.name;
  if (input.wizardStep !== undefined) data.wizardStep = input.wizardStep;
  if (input.paidBroadcast !== undefined) data.paidBroadcast = input.paidBroadcast;
  if (input.ratePerSecond !== undefined) data.ratePerSecond = input.ratePerSecond;
  const { count } = await db().campaign.updateMany({ where: { id: campaignId, status: "DRAFT" }, data });
  if (count === 0) {
    const exists = await db().campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!exists) throw new AppError("NOT_FOUND", "There is no such campaign.");
    throw new AppError("CONFLICT", "A launched campaign cannot be edited.");
  }
  return db().campaign.findUniqueOrThrow({ where: { id: campaignId } });
}
