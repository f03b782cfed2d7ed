// Launch refusals (bad HTML, empty audience, a token some users have no value for), test
// sends, clicks (reply button through the bot, URL button through the redirect), replies
// and conversions in the report, against the control group.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { checkCampaign } from "@/lib/campaigns/check-campaign";
import { testSend } from "@/lib/campaigns/test-send";
import { dispatchBot } from "@/lib/campaigns/sender/dispatch-bot";
import { campaignReport } from "@/lib/campaigns/campaign-report";
import { campaignProgress } from "@/lib/campaigns/campaign-progress";
import { recordCampaignClick } from "@/lib/campaigns/record-click";
import { runHandlers } from "@/lib/telegram/bot-runtime";
import type { TgUser } from "@/lib/emulator/types";

useTestDatabase();

let emulator: RunningEmulator;
let control: EmulatorControl;
let emuBot: BotView;
let botId: string;
let users: TgUser[];

const EVERYONE = { id: "root", type: "group" as const, op: "and" as const, not: false, children: [] };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  emuBot = await control.createBot({ username: "report_bot", first_name: "Report" });
  botId = (await db().bot.create({ data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: "Report", token: emuBot.token, apiRoot: emulator.url, webhookSecret: "report-secret-0123456789" } })).id;
  users = await control.createUsers(Array.from({ length: 40 }, (_, i) => ({ first_name: `P${i}`, language_code: "en" })));
  for (const u of users) await control.start(u.id, { bot_id: emuBot.id, silent: true });
  await db().telegramUser.createMany({ data: users.map((u, i) => ({ botId, telegramId: BigInt(u.id), firstName: u.first_name, languageCode: "en", attributes: i % 2 ? { city: "Lisbon" } : {} })) });
});
afterAll(async () => emulator?.close());

async function draft(text: string, extra: Partial<Parameters<typeof updateCampaign>[1]> = {}) {
  const c = await createCampaign({ botId, name: `R ${Math.random()}` }, null);
  await updateCampaign(c.id, {
    audience: { source: "rules", segmentId: null, rules: EVERYONE, frequencyCapHours: 0 },
    message: { variants: [{ id: "a", name: "A", share: 100, text, photo: "", buttons: [[{ id: "yes", kind: "reply", text: "Yes" }, { id: "web", kind: "url", text: "Site", url: "https://example.com/?u={telegram_id}" }]] }] },
    rollout: { controlPercent: 25, firstStage: null, stages: [100], advance: { mode: "manual" } },
    tracking: { conversionEvent: "purchase", conversionWindowHours: 72 },
    ...extra,
  });
  return c.id;
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("campaign checks, tracking and report", () => {
  it("refuses invalid HTML, an empty audience and a token without fallback that some users lack", async () => {
    const html = await draft("Hello <b>friend");
    const e1 = await refused(launchCampaign(html));
    expect(e1.status).toBe(400);
    expect(e1.message).toMatch(/HTML/i);
    const token = await draft("See you in {attr.city}!");
    const e2 = await refused(launchCampaign(token));
    expect(e2.message).toMatch(/\{attr\.city\} has no fallback and 20 recipients have no value/);
    const withFallback = await draft("See you in {attr.city|your city}!");
    expect((await checkCampaign(await db().campaign.findUniqueOrThrow({ where: { id: withFallback } }))).problems).toEqual([]);
    const empty = await draft("Hi", { audience: { source: "rules", segmentId: null, rules: { ...EVERYONE, children: [{ id: "l", type: "language", languages: ["xx"] }] } as never, frequencyCapHours: 0 } });
    const e3 = await refused(launchCampaign(empty));
    expect(e3.message).toMatch(/audience is empty/);
    expect(await db().campaignRecipient.count({ where: { campaignId: { in: [html, token, empty] } } })).toBe(0);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: html } })).status).toBe("DRAFT");
  });

  it("a test send reaches only the chosen user", async () => {
    const id = await draft("Test {first_name|friend}");
    const target = await db().telegramUser.findFirstOrThrow({ where: { botId, telegramId: BigInt(users[0]!.id) } });
    const before = (await control.sent(emuBot.id)).length;
    const r = await testSend(id, [target.id]);
    expect(r.results).toEqual([{ telegramUserId: target.id, variantId: "a", ok: true }]);
    const sent = (await control.sent(emuBot.id)).slice(before);
    expect(sent.map((m) => [m.chat_id, m.text])).toEqual([[users[0]!.id, "Test P0"]]);
    expect(await db().campaignRecipient.count({ where: { campaignId: id } })).toBe(0);
  });

  it("clicks, replies and conversions are counted; the control group is measured the same way", async () => {
    const id = await draft("Big sale, {first_name}!");
    const launched = await launchCampaign(id);
    expect(launched).toMatchObject({ recipients: 40, control: 10, stages: [30] });
    for (let i = 0; i < 20 && (await dispatchBot(botId, { maxMs: 10_000 })).more; i++);
    const progress = await campaignProgress(id);
    expect(progress.status).toBe("COMPLETED");
    expect(progress.current).toMatchObject({ total: 30, sent: 30, remaining: 0 });

    const recipients = await db().campaignRecipient.findMany({ where: { campaignId: id }, orderBy: { id: "asc" } });
    const sent = recipients.filter((r) => r.stage > 0);
    const held = recipients.filter((r) => r.stage === 0);
    // Two press the reply button through the bot; one opens the link (twice: one open).
    for (const r of sent.slice(0, 2)) {
      const msg = (await control.sent(emuBot.id, Number(r.chatId))).at(-1)!;
      const data = (msg.reply_markup as { inline_keyboard: { callback_data?: string }[][] }).inline_keyboard[0]![0]!.callback_data!;
      const click = await control.click(Number(r.chatId), { bot_id: emuBot.id, message_id: msg.message_id, data });
      const update = (await control.pendingUpdates(emuBot.id)).find((u) => u.update_id === click.update_id);
      await runHandlers(botId, update, new Date());
    }
    const link = await recordCampaignClick(sent[2]!.token, "web", "link");
    expect(link?.url).toBe(`https://example.com/?u=${sent[2]!.chatId}`);
    await recordCampaignClick(sent[2]!.token, "web", "link");
    // Replies: one sent user and one control user write within 24 h.
    for (const r of [sent[3]!, held[0]!]) {
      const conv = await db().conversation.upsert({ where: { botId_chatId: { botId, chatId: r.chatId } }, create: { botId, chatId: r.chatId, telegramUserId: r.telegramUserId }, update: {} });
      await db().message.create({ data: { conversationId: conv.id, direction: "IN", text: "hi", deliveryState: "RECEIVED" } });
    }
    // Conversions: three sent users and one control user purchase.
    for (const r of [sent[4]!, sent[5]!, sent[6]!, held[1]!]) await db().event.create({ data: { botId, telegramUserId: r.telegramUserId, name: "purchase", properties: { amount: 10 } } });

    const report = await campaignReport(id);
    expect(report.total).toMatchObject({ targeted: 30, sent: 30, clicked: 3, replied: 1, converted: 3, failed: 0, blocked: 0 });
    expect(report.control).toMatchObject({ targeted: 10, sent: 0, clicked: 0, replied: 1, converted: 1 });
    expect(report.lift.conversion!.absolute).toBeCloseTo(3 / 30 - 1 / 10, 10);
    expect(report.lift.conversion!.low).toBeLessThan(report.lift.conversion!.absolute);
    expect(report.timeline.points.reduce((a, p) => a + p.perSecond * report.timeline.bucketSeconds, 0)).toBe(30);
    expect((await db().event.count({ where: { name: "campaign_click" } }))).toBe(4);
  }, 60_000);
});
