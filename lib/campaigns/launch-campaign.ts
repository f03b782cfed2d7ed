// Launch: the audience is frozen into recipients (random order → control group, stages,
// variants; a tracking token each) in one transaction with the status change, so a
// launch happens once and completely or not at all. Sending starts at once, or at the
// scheduled time.
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";
import { audienceWhere } from "./audience";
import { checkCampaign } from "./check-campaign";
import { planStages } from "./stages";
import { localInstantSql, userTimeZoneSql } from "./time-zones";

export async function launchCampaign(campaignId: string) {
  const now = new Date();
  const c = await db().campaign.findUnique({ where: { id: campaignId } });
  if (!c) throw new AppError("NOT_FOUND", "There is no such campaign.");
  if (c.status !== "DRAFT") throw new AppError("CONFLICT", "This campaign was already launched.");
  const checked = await checkCampaign(c, now);
  if (checked.problems.length > 0) {
    throw new AppError("INVALID_INPUT", `Fix this before launching: ${checked.problems[0]!.message}`, { problems: checked.problems });
  }
  const { audience, message, rollout, schedule } = checked;
  const where = await audienceWhere(c.botId, audience, now);
  const startAt = schedule.mode === "at" && schedule.at ? new Date(schedule.at) : null;

  const result = await db().$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS status FROM "Campaign" WHERE "id" = ${campaignId} FOR UPDATE`;
      if (locked[0]?.status !== "DRAFT") throw new AppError("CONFLICT", "This campaign was already launched.");
      // Random order first (stage holds the position for a moment), then stages from the plan.
      // Each recipient's zone; with a local-time schedule, their own send time (a time already
      // past in their zone sends at once).
      const tz = userTimeZoneSql(schedule.defaultTimeZone);
      const sendAfter =
        schedule.mode === "local" && schedule.localDate && schedule.localTime
          ? Prisma.sql`NULLIF(GREATEST(${localInstantSql(schedule.localDate, schedule.localTime, Prisma.sql`z.tz`)}, now()), now())`
          : Prisma.sql`${startAt}::timestamptz`;
      const total = await tx.$executeRaw`
        INSERT INTO "CampaignRecipient" ("campaignId", "telegramUserId", "chatId", "stage", "token", "timeZone", "sendAfter")
        SELECT ${campaignId}, u."id", u."telegramId", row_number() OVER (ORDER BY random())::int,
               substr(md5(random()::text || u."id" || clock_timestamp()::text), 1, 12), z.tz, ${sendAfter}
        FROM "TelegramUser" u CROSS JOIN LATERAL (SELECT ${tz} AS tz) z WHERE ${where}`;
      if (total === 0) throw new AppError("INVALID_INPUT", "The audience is empty: no user who has not blocked the bot matches it.");
      const plan = planStages(total, rollout);
      let bound = plan.control;
      const cases: Prisma.Sql[] = [];
      plan.stages.forEach((size, i) => {
        bound += size;
        cases.push(Prisma.sql`WHEN "stage" <= ${bound} THEN ${i + 1}`);
      });
      // Variants by position: each stage gets every variant in its share.
      let acc = 0;
      const variantCases = message.variants.map((v) => {
        acc += v.share;
        return Prisma.sql`WHEN ("stage" * 7919) % 100 < ${acc} THEN ${v.id}`;
      });
      await tx.$executeRaw`
        UPDATE "CampaignRecipient" SET
          "variantId" = CASE ${Prisma.join(variantCases, " ")} ELSE ${message.variants[0]!.id} END,
          "stage" = CASE WHEN "stage" <= ${plan.control} THEN 0 ${Prisma.join(cases, " ")} ELSE ${plan.stages.length} END
        WHERE "campaignId" = ${campaignId}`;
      await tx.campaign.update({
        where: { id: campaignId },
        data: { status: startAt ? "SCHEDULED" : "RUNNING", stage: 1, stageCount: plan.stages.length, launchedAt: startAt ?? now, wizardStep: 6 },
      });
      return { recipients: total, control: plan.control, stages: plan.stages };
    },
    { timeout: 120_000 },
  );
  await enqueue("campaigns.dispatch", { botId: c.botId }, { startAfterSeconds: startAt ? Math.max(0, Math.ceil((startAt.getTime() - Date.now()) / 1000)) : undefined });
  return result;
}
