// The SQL of a `campaign` condition (semantics in rules.ts): the users whose recipient row
// of the campaign is SENT, narrowed by the interaction. compile-rules.ts wraps it as
// `f."userId" IN (…)`; the (campaignId, state, stage) index of CampaignRecipient finds the rows.
import { Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { formatRulePath, type TCampaignRule } from "./rules";

export type TCampaignRef = { id: string; name: string; status: string };

const INTERACTION: Record<TCampaignRule["interaction"], Prisma.Sql> = {
  received: Prisma.empty,
  clicked: Prisma.sql` AND r."clickedAt" IS NOT NULL`,
  not_clicked: Prisma.sql` AND r."clickedAt" IS NULL`,
};

type TCampaignContext = {
  /** A campaign of the bot being compiled for (null when there is none). */
  loadCampaign: (campaignId: string) => Promise<TCampaignRef | null>;
  /** Inside a referenced segment's rules: the path of the reference in the tree being compiled. */
  via?: (string | number)[];
};

/**
 * SELECT of the telegramUserId of every user the condition selects. Throws AppError
 * INVALID_INPUT naming the node when the campaign is not one of the bot's, or is a draft.
 */
export async function campaignRecipientsSql(rule: TCampaignRule, ctx: TCampaignContext, path: (string | number)[]): Promise<Prisma.Sql> {
  // Inside a referenced segment, the error names the reference (the node being edited).
  const where = ctx.via ? formatRulePath([...ctx.via, "segmentId"]) : formatRulePath([...path, "campaignId"]);
  const campaign = await ctx.loadCampaign(rule.campaignId);
  if (!campaign) throw new AppError("INVALID_INPUT", `${where}: no campaign with id "${rule.campaignId}" for this bot`, { path: where });
  if (campaign.status === "DRAFT") {
    throw new AppError("INVALID_INPUT", `${where}: the campaign "${campaign.name}" has not been launched yet`, { path: where });
  }
  return Prisma.sql`SELECT r."telegramUserId" FROM "CampaignRecipient" r WHERE r."campaignId" = ${campaign.id} AND r."state" = 'SENT'${INTERACTION[rule.interaction]}`;
}
