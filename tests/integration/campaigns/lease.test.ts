// One sender per bot, whatever the lanes wait for: the send lease is renewed while a slow
// batch (or a flood wait) outlasts it, and a sender whose lease was taken over (it stalled
// past it) stops claiming at once, so two processes never send for a bot side by side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl } from "@/lib/emulator/client";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { dispatchBot } from "@/lib/campaigns/sender/dispatch-bot";
import { LEASE_MS } from "@/lib/campaigns/sender/lease";

useTestDatabase();

let emulator: RunningEmulator;
let control: EmulatorControl;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
});
afterAll(async () => emulator?.close());

// One batch takes 8 s longer than the lease lasts.
const RATE = 5;
const N = Math.ceil((LEASE_MS / 1000 + 8) * RATE);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A launched campaign to `n` users of a new bot, sent at RATE per second. */
async function slowCampaign(name: string, n: number) {
  const emuBot = await control.createBot({ username: `lease_${name}_bot`, first_name: `Lease ${name}` });
  const botId = (await db().bot.create({ data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name, token: emuBot.token, apiRoot: emulator.url, webhookSecret: `lease-${name}-secret-0123456789` } })).id;
  const users = await control.createUsers(Array.from({ length: n }, (_, i) => ({ first_name: `L${i}` })));
  await control.batch(users.map((u) => ({ type: "start" as const, user_id: u.id, bot_id: emuBot.id, silent: true })));
  await db().telegramUser.createMany({ data: users.map((u) => ({ botId, telegramId: BigInt(u.id), firstName: u.first_name })) });
  const c = await createCampaign({ botId, name }, null);
  await updateCampaign(c.id, {
    audience: { source: "rules", segmentId: null, rules: { id: "root", type: "group", op: "and", not: false, children: [] }, frequencyCapHours: 0 },
    message: { variants: [{ id: "a", name: "A", share: 100, text: "Slowly", photo: "", buttons: [] }] },
    rollout: { controlPercent: 0, firstStage: null, stages: [100], advance: { mode: "manual" } },
    ratePerSecond: RATE,
  });
  await launchCampaign(c.id);
  return { emuBot, botId, campaignId: c.id };
}

describe("the campaign send lease", () => {
  it("holds through a batch longer than the lease; a sender whose lease was taken stops claiming", async () => {
    const { emuBot, botId, campaignId } = await slowCampaign("slow", N);
    const sent = async () => (await control.stats(emuBot.id)).sent;

    const a = dispatchBot(botId, { owner: "sender-a", maxMs: 60_000 });
    await sleep(LEASE_MS + 1500);
    // Past the lease's length, mid-batch: the lease is still A's.
    expect(await dispatchBot(botId, { owner: "sender-b" })).toMatchObject({ leased: false });

    // A stalls past its lease and B takes the bot over: A must not claim another recipient.
    await db().botSendState.update({ where: { botId }, data: { ownerId: "sender-b", leaseUntil: new Date(Date.now() + 60_000) } });
    const atTakeover = await sent();
    const stopped = await a;
    expect(stopped).toMatchObject({ leased: true, more: true });
    expect(await sent()).toBeLessThanOrEqual(atTakeover + 1); // at most the request already out
    expect(atTakeover).toBeLessThan(N);

    await db().botSendState.update({ where: { botId }, data: { ownerId: null, leaseUntil: null } });
    for (let i = 0; i < 10 && (await dispatchBot(botId, { owner: "sender-b", maxMs: 30_000 })).more; i++);
    const perChat = new Map<number, number>();
    for (const m of await control.sent(emuBot.id)) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
    expect(perChat.size).toBe(N);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  }, 60_000);

  it("a second dispatch job in the same process (the minute's tick) finds the bot taken", async () => {
    const { emuBot, botId, campaignId } = await slowCampaign("tick", 6);
    const a = dispatchBot(botId);
    await sleep(300);
    expect(await dispatchBot(botId)).toMatchObject({ leased: false });
    await a;
    expect((await control.stats(emuBot.id)).rejected429).toBe(0);
    expect((await control.sent(emuBot.id)).length).toBe(6);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  }, 30_000);
});
