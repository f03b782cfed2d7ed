// The campaign sender against the emulator with its real limits: stages, exactly one
// message per recipient, 429s honoured (no request inside a flood wait), 5xx retried,
// blocked users failed and marked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { controlCampaign } from "@/lib/campaigns/control-campaign";
import { dispatchBot } from "@/lib/campaigns/sender/dispatch-bot";
import type { TgUser } from "@/lib/emulator/types";

useTestDatabase();

let emulator: RunningEmulator;
let control: EmulatorControl;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
});
afterAll(async () => emulator?.close());

let botSeq = 0;
/** A bot on the emulator with `n` users who started it (and are known to Tagflow). */
async function botWithUsers(n: number) {
  botSeq++;
  const emuBot: BotView = await control.createBot({ username: `camp${botSeq}_bot`, first_name: `Camp ${botSeq}` });
  const bot = await db().bot.create({
    data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: emuBot.first_name, token: emuBot.token, apiRoot: emulator.url, webhookSecret: `camp-${botSeq}-secret-0123456789` },
  });
  const users: TgUser[] = await control.createUsers(Array.from({ length: n }, (_, i) => ({ first_name: `R${botSeq}x${i}`, language_code: "en" })));
  for (const u of users) await control.start(u.id, { bot_id: emuBot.id, silent: true });
  await db().telegramUser.createMany({ data: users.map((u) => ({ botId: bot.id, telegramId: BigInt(u.id), firstName: u.first_name, languageCode: "en" })) });
  return { emuBot, botId: bot.id, users };
}

const EVERYONE = { id: "root", type: "group" as const, op: "and" as const, not: false, children: [] };

async function campaignFor(botId: string, opts: { firstStage: number | null; text?: string; controlPercent?: number }) {
  const c = await createCampaign({ botId, name: `C ${Date.now()}` }, null);
  await updateCampaign(c.id, {
    audience: { source: "rules", segmentId: null, rules: EVERYONE, frequencyCapHours: 0 },
    message: { variants: [{ id: "a", name: "A", share: 100, text: opts.text ?? "Hello {first_name}! <b>Sale</b> today.", photo: "", buttons: [[{ id: "go", kind: "reply", text: "Show me" }]] }] },
    rollout: { controlPercent: opts.controlPercent ?? 0, firstStage: opts.firstStage, stages: [100], advance: { mode: "manual" } },
  });
  return c.id;
}

/** Runs the sender until it has nothing more to do now. */
async function drain(botId: string) {
  for (let i = 0; i < 100; i++) {
    const r = await dispatchBot(botId, { maxMs: 20_000 });
    if (!r.more) return;
    if (r.waitMs > 0) await new Promise((res) => setTimeout(res, Math.min(r.waitMs, 6000)));
  }
  throw new Error("the sender did not finish");
}

async function perChat(emuBotId: number) {
  const sent = await control.sent(emuBotId);
  const counts = new Map<number, number>();
  for (const m of sent) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
}

describe("campaign sender", () => {
  it("sends a first stage of exactly 100, then the rest on continue, one message each", async () => {
    const { emuBot, botId, users } = await botWithUsers(140);
    const id = await campaignFor(botId, { firstStage: 100 });
    const launched = await launchCampaign(id);
    expect(launched).toMatchObject({ recipients: 140, control: 0, stages: [100, 40] });
    await drain(botId);
    expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe("STAGE_DONE");
    expect((await perChat(emuBot.id)).size).toBe(100);
    await controlCampaign(id, "continue");
    await drain(botId);
    const counts = await perChat(emuBot.id);
    expect(counts.size).toBe(140);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(users.map((u) => u.id)));
    const c = await db().campaign.findUniqueOrThrow({ where: { id } });
    expect(c.status).toBe("COMPLETED");
    const states = await db().campaignRecipient.groupBy({ by: ["state"], where: { campaignId: id }, _count: { _all: true } });
    expect(states.map((s) => [s.state, s._count._all])).toEqual([["SENT", 140]]);
    const stats = await control.stats(emuBot.id);
    expect(stats.rejected429).toBe(0);
    expect(stats.violations).toBe(0);
    const first = (await control.sent(emuBot.id)).find((m) => m.chat_id === users[0]!.id)!;
    expect(first.text).toBe(`Hello ${users[0]!.first_name}! Sale today.`);
  }, 60_000);

  it("honours injected 429s (no request inside a flood wait) and retries 5xx; nothing lost or doubled", async () => {
    const { emuBot, botId } = await botWithUsers(60);
    const id = await campaignFor(botId, { firstStage: null });
    await launchCampaign(id);
    await control.setFaults(emuBot.id, { fail_probability: 0.06, error: 429, retry_after: 3 });
    const half = dispatchBot(botId, { maxMs: 4000 });
    await half;
    await control.setFaults(emuBot.id, { fail_probability: 0.1, error: 502 });
    await drain(botId);
    await control.clearFaults(emuBot.id);
    await drain(botId);
    const counts = await perChat(emuBot.id);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const stats = await control.stats(emuBot.id);
    expect(stats.faultsInjected).toBeGreaterThan(0);
    expect(stats.violations).toBe(0);
    expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe("COMPLETED");
  }, 120_000);

  it("a user who blocked the bot: the recipient fails with the reason and the user is marked blocked", async () => {
    const { emuBot, botId, users } = await botWithUsers(5);
    const id = await campaignFor(botId, { firstStage: null });
    await launchCampaign(id);
    await control.block(users[2]!.id, { bot_id: emuBot.id, silent: true });
    await drain(botId);
    const failed = await db().campaignRecipient.findMany({ where: { campaignId: id, state: "FAILED" }, include: { user: true } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.failureReason).toMatch(/^blocked/);
    expect(failed[0]!.user.blockedAt).not.toBeNull();
    expect((await perChat(emuBot.id)).size).toBe(4);
  }, 60_000);

  it("a control group is held out and never sent", async () => {
    const { emuBot, botId } = await botWithUsers(50);
    const id = await campaignFor(botId, { firstStage: null, controlPercent: 20 });
    expect(await launchCampaign(id)).toMatchObject({ recipients: 50, control: 10, stages: [40] });
    await drain(botId);
    expect((await perChat(emuBot.id)).size).toBe(40);
    const control0 = await db().campaignRecipient.findMany({ where: { campaignId: id, stage: 0 } });
    expect(control0).toHaveLength(10);
    expect(control0.every((r) => r.state === "PENDING")).toBe(true);
  }, 60_000);
});

describe("pause", () => {
  it("a pause stops the very next request, and resume sends the rest once", async () => {
    const { emuBot, botId } = await botWithUsers(60);
    const id = await campaignFor(botId, { firstStage: null });
    await launchCampaign(id);
    const running = dispatchBot(botId, { maxMs: 20_000 });
    await new Promise((r) => setTimeout(r, 700));
    await controlCampaign(id, "pause");
    const pausedAt = (await control.sent(emuBot.id)).length;
    await running;
    const afterPause = (await control.sent(emuBot.id)).length;
    expect(afterPause - pausedAt).toBeLessThanOrEqual(1); // at most the request already under way
    expect(afterPause).toBeLessThan(60);
    await controlCampaign(id, "resume");
    await drain(botId);
    const counts = await perChat(emuBot.id);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});
