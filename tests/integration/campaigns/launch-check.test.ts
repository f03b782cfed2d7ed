// What the wizard flags in the browser, the launch refuses on the server, in the same words:
// a photo over plain http, a link button that is only "https://". Nothing is frozen or sent.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { checkCampaign } from "@/lib/campaigns/check-campaign";
import type { TVariant } from "@/lib/campaigns/schemas";

useTestDatabase();

let botId: string;
const EVERYONE = { id: "root", type: "group" as const, op: "and" as const, not: false, children: [] };

beforeAll(async () => {
  botId = (await db().bot.create({ data: { telegramId: 990011n, username: "launch_check_bot", name: "Launch check", token: "990011:abc", apiRoot: "http://127.0.0.1:9", webhookSecret: "launch-check-secret-0123456789" } })).id;
  await db().telegramUser.createMany({ data: [1, 2, 3].map((i) => ({ botId, telegramId: BigInt(7000 + i), firstName: `U${i}` })) });
});

async function draftWith(variant: Partial<TVariant>) {
  const c = await createCampaign({ botId, name: `L ${Math.random()}` }, null);
  await updateCampaign(c.id, {
    audience: { source: "rules", segmentId: null, rules: EVERYONE, frequencyCapHours: 0 },
    message: { variants: [{ id: "a", name: "A", share: 100, text: "Hi", photo: "", buttons: [], ...variant }] },
    rollout: { controlPercent: 0, firstStage: null, stages: [100], advance: { mode: "manual" } },
  });
  return c.id;
}

const problemsOf = async (id: string) => (await checkCampaign((await db().campaign.findUniqueOrThrow({ where: { id } })))).problems.map((p) => p.message);

describe("the launch check", () => {
  it("refuses a photo that is not https and a link that is only the scheme, and launches nothing", async () => {
    const id = await draftWith({ photo: "http://example.com/a.jpg", buttons: [[{ id: "b1", kind: "url", text: "Go", url: "https://" }]] });
    expect(await problemsOf(id)).toEqual([
      "the photo URL must start with https:// (Telegram refuses plain http).",
      "row 1 button 1 “Go”: the link is incomplete: add the address after https://.",
    ]);
    await expect(launchCampaign(id)).rejects.toThrow();
    expect(await db().campaignRecipient.count({ where: { campaignId: id } })).toBe(0);
    expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });
  it("accepts the same message once it is complete", async () => {
    const id = await draftWith({ photo: "https://example.com/a.jpg", buttons: [[{ id: "b1", kind: "url", text: "Go", url: "https://example.com" }]] });
    expect(await problemsOf(id)).toEqual([]);
  });
});
