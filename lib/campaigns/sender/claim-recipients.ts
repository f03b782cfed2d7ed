// The claim before each request (PENDING → SENDING, only while this sender holds the bot's
// lease), with the claims that lanes ask for at the same moment sharing one statement: at
// paid-broadcast rates one UPDATE claims several recipients instead of one each, while each
// lane still sends right after its own claim is committed. With one lane, one row a statement.
import { db } from "../../db/client";

type TWaiter = { id: bigint; resolve: (claimed: boolean) => void; reject: (e: unknown) => void };

/** `claim(id)`: true once the recipient is SENDING for `owner`; false if it was not PENDING, the campaign is not running or the lease is gone. */
export function recipientClaimer(botId: string, owner: string): (id: bigint) => Promise<boolean> {
  let queue: TWaiter[] = [];
  let running = false;

  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        const rows = await db().$queryRaw<{ id: bigint }[]>`
          UPDATE "CampaignRecipient" SET "state" = 'SENDING', "claimedBy" = ${owner}, "attempts" = "attempts" + 1
          WHERE "id" = ANY(${group.map((w) => w.id.toString())}::bigint[]) AND "state" = 'PENDING'
            AND EXISTS (SELECT 1 FROM "BotSendState" WHERE "botId" = ${botId} AND "ownerId" = ${owner} AND "leaseUntil" > now())
            -- A pause or a cancel stops the very next request, not the next batch.
            AND EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = "CampaignRecipient"."campaignId" AND c."status" = 'RUNNING')
          RETURNING "id"`;
        const claimed = new Set(rows.map((r) => r.id.toString()));
        for (const w of group) w.resolve(claimed.has(w.id.toString()));
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    running = false;
  };

  return (id) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ id, resolve, reject });
      if (!running) void drain();
    });
}
