// Local-time sends (each recipient's zone: attribute, else language, else the default)
// and quiet hours (recipients inside them wait until they end, in their zone).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { launchCampaign } from "@/lib/campaigns/launch-campaign";
import { checkCampaign } from "@/lib/campaigns/check-campaign";
import { dispatchBot } from "@/lib/campaigns/sender/dispatch-bot";
import type { TSchedule } from "@/lib/campaigns/schemas";

useTestDatabase();

let emulator: RunningEmulator;
let control: EmulatorControl;
let emuBot: BotView;
let botId: string;
const EVERYONE = { id: "root", type: "group" as const, op: "and" as const, not: false, children: [] };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  emuBot = await control.createBot({ username: "schedule_bot", first_name: "Schedule" });
  botId = (await db().bot.create({ data: { telegramId: BigInt(emuBot.id), username: emuBot.username, name: "Schedule", token: emuBot.token, apiRoot: emulator.url, webhookSecret: "schedule-secret-0123456789" } })).id;
  const people = [
    { first_name: "Tokyo", language_code: "en", attributes: { timezone: "Asia/Tokyo" } },
    { first_name: "Moscow", language_code: "ru", attributes: {} },
    { first_name: "Nowhere", language_code: "en", attributes: { timezone: "Mars/Olympus" } },
  ];
  const users = await control.createUsers(people.map(({ first_name, language_code }) => ({ first_name, language_code })));
  for (const u of users) await control.start(u.id, { bot_id: emuBot.id, silent: true });
  await db().telegramUser.createMany({ data: users.map((u, i) => ({ botId, telegramId: BigInt(u.id), firstName: u.first_name, languageCode: people[i]!.language_code, attributes: people[i]!.attributes })) });
});
afterAll(async () => emulator?.close());

async function launchWith(schedule: Partial<TSchedule>) {
  const c = await createCampaign({ botId, name: `S ${Math.random()}` }, null);
  await updateCampaign(c.id, {
    audience: { source: "rules", segmentId: null, rules: EVERYONE, frequencyCapHours: 0 },
    message: { variants: [{ id: "a", name: "A", share: 100, text: "Good morning!", photo: "", buttons: [] }] },
    rollout: { controlPercent: 0, firstStage: null, stages: [100], advance: { mode: "manual" } },
    schedule: { mode: "now", at: null, localDate: null, localTime: null, defaultTimeZone: "America/New_York", quietHours: null, ...schedule },
  });
  await launchCampaign(c.id);
  return c.id;
}

const byName = async (campaignId: string) =>
  Object.fromEntries((await db().campaignRecipient.findMany({ where: { campaignId }, include: { user: true } })).map((r) => [r.user.firstName, r]));

describe("campaign schedules", () => {
  it("local time: each recipient at 09:00 in their own zone", async () => {
    const id = await launchWith({ mode: "local", localDate: "2027-01-15", localTime: "09:00" });
    const r = await byName(id);
    expect(r.Tokyo!.timeZone).toBe("Asia/Tokyo");
    expect(r.Tokyo!.sendAfter!.toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(r.Moscow!.timeZone).toBe("Europe/Moscow");
    expect(r.Moscow!.sendAfter!.toISOString()).toBe("2027-01-15T06:00:00.000Z");
    expect(r.Nowhere!.timeZone).toBe("America/New_York");
    expect(r.Nowhere!.sendAfter!.toISOString()).toBe("2027-01-15T14:00:00.000Z");
    await dispatchBot(botId, { maxMs: 2000 });
    expect(await control.sent(emuBot.id)).toHaveLength(0);
  });

  it("quiet hours: recipients inside them wait until the hours end in their zone", async () => {
    await db().campaign.updateMany({ where: { botId, status: "RUNNING" }, data: { status: "CANCELLED" } });
    const hhmm = (d: Date, zone: string) => new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
    const now = new Date();
    // Quiet from an hour ago to an hour ahead in Tokyo: Tokyo waits, the others (8 h and 14 h away) do not.
    const from = hhmm(new Date(now.getTime() - 3_600_000), "Asia/Tokyo");
    const to = hhmm(new Date(now.getTime() + 3_600_000), "Asia/Tokyo");
    const id = await launchWith({ quietHours: { from, to } });
    for (let i = 0; i < 5 && (await dispatchBot(botId, { maxMs: 3000 })).sent === 0; i++);
    const r = await byName(id);
    expect(r.Tokyo!.state).toBe("PENDING");
    expect(hhmm(r.Tokyo!.sendAfter!, "Asia/Tokyo")).toBe(to);
    expect(Math.abs(r.Tokyo!.sendAfter!.getTime() - (now.getTime() + 3_600_000))).toBeLessThan(61_000);
    expect(r.Moscow!.state).toBe("SENT");
    expect(r.Nowhere!.state).toBe("SENT");
  });

  it("an unknown default zone and empty quiet hours are refused before launch", async () => {
    const c = await createCampaign({ botId, name: "bad zone" }, null);
    await updateCampaign(c.id, {
      audience: { source: "rules", segmentId: null, rules: EVERYONE, frequencyCapHours: 0 },
      message: { variants: [{ id: "a", name: "A", share: 100, text: "Hi", photo: "", buttons: [] }] },
      schedule: { mode: "now", at: null, localDate: null, localTime: null, defaultTimeZone: "Nowhere/Town", quietHours: { from: "10:00", to: "10:00" } },
    });
    const { problems } = await checkCampaign(await db().campaign.findUniqueOrThrow({ where: { id: c.id } }));
    expect(problems.map((p) => p.message)).toEqual([
      "Quiet hours start and end at the same time: change one or turn them off.",
      "“Nowhere/Town” is not a time zone (use a name such as Europe/Berlin).",
    ]);
  });
});
