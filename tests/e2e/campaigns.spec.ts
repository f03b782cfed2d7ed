// Acceptance 1 of issue 6, in the browser against the emulator: a segment of 150 users who
// started the bot → the wizard (saved as it is edited: a reload loses nothing) → a test
// send that only the test user receives → launch with a first stage of 100 → exactly 100
// chats receive it → two of the rest block the bot (silently: Tagflow only learns it from
// the 403) → continue → everyone else receives it, once → the report's numbers equal the
// emulator's records (deliveries and 403s).
import type pg from "pg";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { adminWithBot, e2eDatabase } from "./setup";
import { EmulatorControl, type BotView, type SentMessageView } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";

const control = new EmulatorControl(E2E.emulatorUrl);
const N = 150;
const TEXT = "Hello {first_name|friend}! <b>Spring sale</b> starts today.";

let adminApi: APIRequestContext;
let db: pg.Client;
let bot: BotView;
let botRowId: string;
let segmentId: string;
let users: TgUser[];

test.describe.configure({ mode: "serial" });

/** The bot's messages that carry a campaign reply button, split into test sends and campaign sends. */
async function campaignMessages() {
  const test: SentMessageView[] = [];
  const real: SentMessageView[] = [];
  for (const m of await control.sent(bot.id)) {
    const rows = (m.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    const data = rows.flat().find((b) => b.callback_data?.startsWith("c:"))?.callback_data;
    if (!data) continue;
    (data.startsWith("c:testsend:") ? test : real).push(m);
  }
  return { test, real };
}

function perChat(messages: SentMessageView[]) {
  const counts = new Map<number, number>();
  for (const m of messages) counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ adminApi, bot, botRowId } = await adminWithBot(control, "e2e_campaigns_bot", "E2E Campaigns"));
  db = await e2eDatabase();

  // 150 simulated users start the bot (real updates through intake); the bot welcomes each.
  // They come in groups of 25, a second apart, as the bot's 30 messages/s allow its welcomes.
  users = await control.createUsers(Array.from({ length: N }, (_, i) => ({ first_name: `Camp${i}`, last_name: "E2E", username: `camp${i}_e2e`, language_code: "en" })));
  for (let i = 0; i < N; i += 25) {
    await control.batch(users.slice(i, i + 25).map((u) => ({ type: "start" as const, user_id: u.id, bot_id: bot.id })));
    await expect.poll(async () => (await control.sent(bot.id)).length, { timeout: 30_000 }).toBe(Math.min(N, i + 25));
    await new Promise((r) => setTimeout(r, 1100));
  }
  await expect
    .poll(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "TelegramUser" WHERE "botId" = $1`, [botRowId])).rows[0]?.n, { timeout: 30_000 })
    .toBe(N);

  const seg = await adminApi.post("/api/segments", {
    data: { botId: botRowId, name: "Campaign E2E audience", rules: { type: "group", op: "and", not: false, children: [{ type: "language", languages: ["en"] }] } },
  });
  expect(seg.status()).toBe(201);
  segmentId = ((await seg.json()) as { segment: { id: string } }).segment.id;
});

test.afterAll(async () => {
  await adminApi?.dispose();
  await db?.end();
});

const saved = (page: Page) => expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved");
const status = (page: Page) => page.getByTestId("campaign-status");

test("segment → wizard → test send → first stage of 100 → continue → everyone once; the report equals the emulator", async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);

  // New campaign: name and bot, then the wizard.
  await page.goto("/campaigns");
  await page.getByRole("button", { name: "New campaign" }).first().click();
  await page.getByLabel("Campaign name").fill("Spring sale E2E");
  await page.getByLabel("Send through bot").selectOption({ label: "@e2e_campaigns_bot" });
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[a-z0-9]+$/);
  const campaignId = page.url().split("/").pop()!;

  // 1. Audience: the segment; the live count excludes nobody (nobody blocked the bot).
  await expect(page.locator('[aria-current="step"]')).toContainText("Audience");
  await page.getByLabel("Segment", { exact: true }).selectOption(segmentId);
  await saved(page);
  await expect(page.getByTestId("audience-count")).toHaveText(String(N));
  await page.getByRole("button", { name: "Next: Message →" }).click();

  // 2. Message: invalid HTML is caught as you type, then fixed; a reply button; the preview.
  const text = page.getByLabel("Message text");
  await text.fill("Hello <b>friend");
  await expect(page.getByTestId("message-problems")).toContainText("invalid HTML");
  await text.fill(TEXT);
  await page.getByRole("button", { name: "+ Add a row of buttons" }).click();
  await page.getByLabel("Kind of row 1 button 1").selectOption("reply");
  await page.getByLabel("Label of row 1 button 1").fill("Interested");
  await expect(page.getByTestId("message-problems")).toHaveCount(0);
  await expect(page.getByTestId("message-preview")).toContainText("Hello Alex! Spring sale starts today.");
  await expect(page.getByTestId("message-preview").locator("strong")).toHaveText("Spring sale");
  await expect(page.getByTestId("message-preview")).toContainText("Interested");
  await saved(page);

  // A reload loses nothing: same step, same message.
  await page.reload();
  await expect(page.locator('[aria-current="step"]')).toContainText("Message");
  await expect(page.getByLabel("Message text")).toHaveValue(TEXT);
  await expect(page.getByLabel("Label of row 1 button 1")).toHaveValue("Interested");
  await page.getByRole("button", { name: "Next: Test send →" }).click();

  // 3. Test send to one user: only that chat receives it.
  const tester = users[7]!;
  await page.getByLabel("Find a user").fill("camp7_e2e");
  await page.getByRole("button", { name: "Add Camp7 E2E as a test user" }).click();
  await page.getByRole("button", { name: "Send test to 1 user" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Delivered");
  await expect.poll(async () => (await campaignMessages()).test.length).toBe(1);
  const afterTest = await campaignMessages();
  expect(afterTest.test[0]!.chat_id).toBe(tester.id);
  expect(afterTest.test[0]!.text).toBe("Hello Camp7! Spring sale starts today.");
  expect(afterTest.real).toHaveLength(0);
  await page.getByRole("button", { name: "Next: Rollout →" }).click();

  // 4. Rollout: a first stage of 100, then the rest, continued by hand.
  await page.getByLabel("Start with a test stage").check();
  await page.getByLabel("Stage 1: a random").fill("100");
  await expect(page.getByTestId("stage-plan-row")).toHaveText([/Stage 1.*100/, /Stage 2.*50/]);
  await saved(page);
  await page.getByRole("button", { name: "Next: Schedule →" }).click();

  // 5. Schedule: now (the default). 6. Review, then launch with the exact number confirmed.
  await expect(page.getByLabel("When I launch")).toBeChecked();
  await page.getByRole("button", { name: "Next: Review →" }).click();
  await expect(page.getByTestId("ready-to-launch")).toContainText("150 recipients");
  await page.getByRole("button", { name: "Launch campaign…" }).click();
  await expect(page.getByTestId("launch-recipients")).toHaveText("150");
  await page.getByRole("button", { name: "Send to 150 users" }).click();

  // Stage 1: exactly 100 chats, once each.
  await expect(page.getByTestId("campaign-live")).toBeVisible();
  await expect(status(page)).toHaveAttribute("data-status", "STAGE_DONE", { timeout: 60_000 });
  await expect(page.getByTestId("progress-sent")).toHaveText("100");
  const stage1 = perChat((await campaignMessages()).real);
  expect(stage1.size).toBe(100);
  expect([...stage1.values()].every((n) => n === 1)).toBe(true);

  // Two users of stage 2 block the bot without Tagflow knowing (no update): their sends get 403.
  const stage2 = await db.query<{ chatId: string }>(`SELECT "chatId"::text AS "chatId" FROM "CampaignRecipient" WHERE "campaignId" = $1 AND "stage" = 2 ORDER BY "id" LIMIT 2`, [campaignId]);
  const blocked = stage2.rows.map((r) => Number(r.chatId));
  expect(blocked).toHaveLength(2);
  for (const id of blocked) await control.block(id, { bot_id: bot.id, silent: true });
  const errorsBefore = (await control.stats(bot.id)).errors["403"] ?? 0;

  await page.getByRole("button", { name: "Continue to stage 2 (50 recipients)" }).click();
  await page.getByRole("button", { name: "Send to 50 users" }).click();
  await expect(status(page)).toHaveAttribute("data-status", "COMPLETED", { timeout: 60_000 });

  // Everyone else received it exactly once; the two who blocked it got nothing.
  const final = await campaignMessages();
  const chats = perChat(final.real);
  expect(chats.size).toBe(N - 2);
  expect([...chats.values()].every((n) => n === 1)).toBe(true);
  for (const u of users) expect(chats.has(u.id), `chat ${u.id}`).toBe(!blocked.includes(u.id));
  expect(final.test).toHaveLength(1);
  const rejected = ((await control.stats(bot.id)).errors["403"] ?? 0) - errorsBefore;
  expect(rejected).toBe(2);

  // The report (page and API) says what the emulator recorded.
  await expect(page.getByTestId("progress-sent")).toHaveText(String(final.real.length));
  await expect(page.getByTestId("funnel-targeted")).toHaveText(String(N));
  await expect(page.getByTestId("funnel-sent")).toHaveText(String(final.real.length));
  await expect(page.getByTestId("funnel-failed")).toHaveText(String(rejected));
  const report = (await (await adminApi.get(`/api/campaigns/${campaignId}/report`)).json()) as {
    total: { targeted: number; sent: number; blocked: number; failed: number; skipped: number };
    stages: { stage: number; sent: number; blocked: number }[];
  };
  expect(report.total).toMatchObject({ targeted: N, sent: final.real.length, blocked: rejected, failed: 0, skipped: 0 });
  expect(report.stages.map((s) => [s.stage, s.sent, s.blocked])).toEqual([[1, 100, 0], [2, 48, 2]]);
  // Each recipient's stored Telegram message is the one the emulator delivered to that chat.
  const stored = await db.query<{ chatId: string; mid: number }>(`SELECT "chatId"::text AS "chatId", "telegramMessageId" AS mid FROM "CampaignRecipient" WHERE "campaignId" = $1 AND "state" = 'SENT'`, [campaignId]);
  expect(new Set(stored.rows.map((r) => `${r.chatId}:${r.mid}`))).toEqual(new Set(final.real.map((m) => `${m.chat_id}:${m.message_id}`)));

  // Every send was confirmed by Telegram. Rows a stopped worker left mid-send are counted
  // sent without an answer: the page says how many (two such rows, as a crash leaves them).
  await expect(page.getByTestId("progress-unconfirmed")).toHaveCount(0);
  await db.query(
    `UPDATE "CampaignRecipient" SET "unconfirmed" = true, "telegramMessageId" = NULL
     WHERE "id" IN (SELECT "id" FROM "CampaignRecipient" WHERE "campaignId" = $1 AND "state" = 'SENT' ORDER BY "id" LIMIT 2)`,
    [campaignId],
  );
  await page.reload();
  await expect(page.getByTestId("progress-unconfirmed")).toContainText("2 of the sent are unconfirmed");
  await expect(page.getByTestId("progress-sent")).toHaveText(String(final.real.length));

  // The list shows it completed with its numbers.
  await page.goto("/campaigns");
  const row = page.getByTestId("campaign-row").filter({ hasText: "Spring sale E2E" });
  await expect(row.getByTestId("campaign-status")).toHaveText("Completed");
  await expect(row).toContainText(String(final.real.length));
  await context.close();
});

test("an edit the draft cannot take yet is shown by the field, in Problems and on the step's badge, and a reload keeps it; the tabs fit 900 px", async ({ browser }) => {
  const created = await adminApi.post("/api/campaigns", { data: { botId: botRowId, name: "Held edits E2E" } });
  expect(created.status()).toBe(201);
  const campaignId = ((await created.json()) as { campaign: { id: string } }).campaign.id;
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await uiLogin(page, E2E.staff.MARKETER);
  await page.goto(`/campaigns/${campaignId}`);

  // Every step's name is readable at 900 px.
  for (const key of ["audience", "message", "test", "rollout", "schedule", "review"]) {
    const fits = await page.getByTestId(`step-tab-${key}`).locator(".truncate").evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits, key).toBe(true);
  }

  await page.getByTestId("step-tab-message").click();
  await page.getByLabel("Message text").fill("Hello");
  await saved(page);
  await page.getByRole("button", { name: "+ Add a row of buttons" }).click();
  // A link button starts as "https://": no label and no address yet, both said by the field.
  await expect(page.getByTestId("button-error")).toContainText("Give the button a label.");
  await expect(page.getByTestId("button-error")).toContainText("The link is incomplete");
  await expect(page.getByTestId("message-problems")).toContainText("row 1 button 1 needs a label.");
  await expect(page.getByTestId("step-tab-message").getByTestId("step-issues")).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "invalid");

  // A reload keeps the row (restored from this browser), still flagged.
  await page.reload();
  await expect(page.getByLabel("Label of row 1 button 1")).toHaveValue("");
  await expect(page.getByText(/Restored your unsaved edits \(Message\)/)).toBeVisible();
  await expect(page.getByTestId("step-tab-message").getByTestId("step-issues")).toBeVisible();

  // Completed, it is saved on the server and nothing is left to restore.
  await page.getByLabel("Label of row 1 button 1").fill("Shop");
  await page.getByLabel("Link of row 1 button 1").fill("https://example.com/shop");
  await expect(page.getByTestId("button-error")).toHaveCount(0);
  await saved(page);
  await expect(page.getByTestId("step-tab-message").getByTestId("step-issues")).toHaveCount(0);
  const stored = (await (await adminApi.get(`/api/campaigns/${campaignId}`)).json()) as { campaign: { message: { variants: { buttons: { text: string }[][] }[] } } };
  expect(stored.campaign.message.variants[0]!.buttons[0]![0]!.text).toBe("Shop");
  await page.reload();
  await expect(page.getByLabel("Label of row 1 button 1")).toHaveValue("Shop");
  await expect(page.getByText(/Restored your unsaved edits/)).toHaveCount(0);
  await page.screenshot({ path: "test-results/campaign-message-900.png", fullPage: true });
  await context.close();
});
