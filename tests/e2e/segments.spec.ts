// The segment builder end to end: simulated users click the bot's buttons on the emulator
// (real button_click events through intake), get a tag, and have a history of activity;
// a marketer builds "has tag Interest-Tech AND (active OR dormant) AND did button_click at
// least 2 times in the last 30 days" in the browser. The count updates while editing and
// always equals the rows of the preview; the saved segment filters the Users table. A sent
// campaign's recipients are picked by the campaign condition (received / clicked / didn't).
import type pg from "pg";
import { test, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { adminWithBot, e2eDatabase } from "./setup";
import { EmulatorControl, type BotView } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";

const control = new EmulatorControl(E2E.emulatorUrl);
const DAY = 86_400_000;

let adminApi: APIRequestContext;
let db: pg.Client;
let bot: BotView;
let botRowId: string;

test.describe.configure({ mode: "serial" });

/** Who, how many clicks, days since last seen, tagged Interest-Tech. */
const PEOPLE = [
  { first: "Ana", clicks: 3, lastSeenDaysAgo: 0, tech: true }, // active → in
  { first: "Bruno", clicks: 2, lastSeenDaysAgo: 12, tech: true }, // dormant → in
  { first: "Chen", clicks: 1, lastSeenDaysAgo: 0, tech: true }, // one click only → out
  { first: "Dora", clicks: 2, lastSeenDaysAgo: 45, tech: true }, // churned → out
  { first: "Emil", clicks: 3, lastSeenDaysAgo: 0, tech: false }, // no tag → out
] as const;

async function telegramUserId(user: TgUser): Promise<string> {
  const r = await db.query<{ id: string }>(`SELECT "id" FROM "TelegramUser" WHERE "botId" = $1 AND "telegramId" = $2`, [botRowId, user.id]);
  return r.rows[0]?.id ?? "";
}

test.beforeAll(async () => {
  ({ adminApi, bot, botRowId } = await adminWithBot(control, "e2e_segments_bot", "E2E Segments"));
  db = await e2eDatabase();

  for (const p of PEOPLE) {
    const user = await control.createUser({ first_name: p.first, last_name: "Segment", username: `${p.first.toLowerCase()}_seg_e2e`, language_code: "en" });
    await control.start(user.id, { bot_id: bot.id });
    // The bot's welcome menu; its buttons are what the user clicks.
    await expect.poll(async () => (await control.inbox(user.id, bot.id)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const menu = (await control.inbox(user.id, bot.id))[0]!;
    for (let i = 0; i < p.clicks; i++) await control.click(user.id, { bot_id: bot.id, message_id: menu.message_id, data: "menu:news" });
    await expect
      .poll(async () => {
        const id = await telegramUserId(user);
        const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event" WHERE "telegramUserId" = $1 AND "name" = 'button_click'`, [id]);
        return r.rows[0]?.n ?? 0;
      }, { timeout: 20_000 })
      .toBe(p.clicks);
    const id = await telegramUserId(user);
    if (p.tech) expect((await adminApi.post(`/api/users/${id}/tags`, { data: { name: "Interest-Tech" } })).status()).toBeLessThan(300);
    // A history: known for two months, last seen when the table says.
    await db.query(`UPDATE "TelegramUser" SET "firstSeenAt" = now() - interval '60 days', "lastSeenAt" = now() - make_interval(days => $2) WHERE "id" = $1`, [id, p.lastSeenDaysAgo]);
  }
});

test.afterAll(async () => {
  await adminApi?.dispose();
  await db?.end();
});

const count = (page: Page) => page.getByTestId("segment-count");
const previewRows = (page: Page) => page.getByTestId("segment-preview-row");

/** A marketer on /segments/new for the test bot, its count settled on every user. */
async function newSegmentAsMarketer(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);
  await page.goto("/segments/new");
  await page.getByLabel("Bot").selectOption({ label: "@e2e_segments_bot" });
  expect(await settled(page)).toBe(PEOPLE.length);
  return { context, page };
}

/** Waits until the live count has settled, and returns it (it must equal the preview's rows). */
async function settled(page: Page): Promise<number> {
  await expect(page.getByTestId("segment-counting")).toHaveCount(0);
  const n = Number((await count(page).textContent())!.replace(/,/g, ""));
  await expect(previewRows(page)).toHaveCount(Math.min(n, 50));
  return n;
}

test("build the example segment in the browser: the count follows every edit and equals the preview", async ({ browser }) => {
  const { context, page } = await newSegmentAsMarketer(browser); // the count starts at every user

  // 1. has tag Interest-Tech
  await page.getByLabel("Add condition").selectOption("tag");
  await page.getByLabel("Add tag").fill("Interest-Tech");
  await page.getByLabel("Add tag").press("Enter");
  await expect(page.getByTestId("rule-condition").first()).toContainText("Interest-Tech");
  await expect(count(page)).toHaveText("4");
  expect(await settled(page)).toBe(4);

  // 2. AND (active OR dormant): a nested ANY group with two lifecycle conditions
  // (a new group starts with its first condition: lifecycle, default stage active)
  await page.getByLabel("Add group").selectOption("lifecycle");
  const group = page.getByTestId("rule-group").nth(1);
  await expect(group.getByRole("button", { name: "ANY (or)" })).toHaveAttribute("aria-pressed", "true");
  await expect(count(page)).toHaveText("2"); // Ana, Chen
  expect(await settled(page)).toBe(2);
  await group.getByLabel("Add condition").selectOption("lifecycle");
  const second = group.getByTestId("rule-condition").nth(1);
  await second.getByRole("checkbox", { name: "active" }).uncheck();
  await second.getByRole("checkbox", { name: "dormant" }).check();
  await expect(count(page)).toHaveText("3"); // + Bruno
  expect(await settled(page)).toBe(3);

  // 3. AND did button_click at least 2 times in the last 30 days
  await page.getByTestId("rule-group").first().getByLabel("Add condition").last().selectOption("event");
  const event = page.getByTestId("rule-condition").last();
  await event.getByLabel("Event name").fill("button_click");
  await event.getByLabel("Times").fill("2");
  await expect(event.getByLabel("Time window")).toHaveValue("last_days");
  await expect(event.getByLabel("Days")).toHaveValue("30");
  await expect(count(page)).toHaveText("2");
  expect(await settled(page)).toBe(2);
  await expect(previewRows(page).filter({ hasText: "Ana Segment" })).toHaveCount(1);
  await expect(previewRows(page).filter({ hasText: "Bruno Segment" })).toHaveCount(1);

  // An invalid edit names the bad field and never shows a wrong count; fixing it recounts.
  await event.getByLabel("Days").fill("0");
  await expect(event.getByRole("alert")).toContainText("at least 1 day");
  await event.getByLabel("Days").fill("30");
  await expect(event.getByRole("alert")).toHaveCount(0);
  expect(await settled(page)).toBe(2);

  // Save; the list shows it with its size; the Users table filters by it.
  await page.getByLabel("Name", { exact: true }).fill("Engaged tech fans");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(/\/segments\/(?!new$)[a-z0-9]+$/);
  await page.goto("/segments");
  const row = page.getByTestId("segment-row").filter({ hasText: "Engaged tech fans" });
  await expect(row.getByTestId("segment-size")).toHaveText("2");
  await row.getByRole("link", { name: "Users" }).click();
  await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(2);
  await context.close();
});

test("a campaign condition counts who a sent campaign reached, who clicked and who did not", async ({ browser }) => {
  // A completed campaign of this bot: Ana got it and clicked, Bruno got it, Chen was in the
  // control group (never sent), Dora's send failed; Emil was not in its audience.
  const users = await db.query<{ id: string; firstName: string; telegramId: string }>(
    `SELECT "id", "firstName", "telegramId"::text AS "telegramId" FROM "TelegramUser" WHERE "botId" = $1`,
    [botRowId],
  );
  const user = (first: string) => users.rows.find((u) => u.firstName === first)!;
  const campaignId = `e2esegcampaign${Date.now().toString(36)}`;
  await db.query(
    `INSERT INTO "Campaign" ("id", "botId", "name", "status", "audience", "message", "rollout", "schedule", "tracking", "launchedAt", "completedAt", "updatedAt")
     VALUES ($1, $2, 'Spring promo', 'COMPLETED', '{}', '{}', '{}', '{}', '{}', now(), now(), now())`,
    [campaignId, botRowId],
  );
  const recipients: [string, number, string, boolean][] = [
    ["Ana", 1, "SENT", true],
    ["Bruno", 1, "SENT", false],
    ["Chen", 0, "SKIPPED", false],
    ["Dora", 1, "FAILED", false],
  ];
  for (const [first, stage, state, clicked] of recipients) {
    const u = user(first);
    await db.query(
      `INSERT INTO "CampaignRecipient" ("campaignId", "telegramUserId", "chatId", "stage", "state", "token", "sentAt", "clickedAt")
       VALUES ($1, $2, $3, $4, $5::"RecipientState", $6, CASE WHEN $5 = 'SENT' THEN now() END, CASE WHEN $7 THEN now() END)`,
      [campaignId, u.id, u.telegramId, stage, state, `${campaignId}-${first}`, clicked],
    );
  }

  const { context, page } = await newSegmentAsMarketer(browser);
  await page.getByLabel("Add condition").selectOption("campaign");
  const condition = page.getByTestId("rule-condition").first();
  await condition.getByLabel("Campaign", { exact: true }).selectOption({ label: "Spring promo (completed)" });
  await expect(count(page)).toHaveText("2");
  expect(await settled(page)).toBe(2);
  await expect(previewRows(page).filter({ hasText: "Ana Segment" })).toHaveCount(1);
  await expect(previewRows(page).filter({ hasText: "Bruno Segment" })).toHaveCount(1);

  await condition.getByLabel("Campaign interaction").selectOption("clicked");
  await expect(count(page)).toHaveText("1");
  expect(await settled(page)).toBe(1);
  await expect(previewRows(page).filter({ hasText: "Ana Segment" })).toHaveCount(1);

  await condition.getByLabel("Campaign interaction").selectOption("not_clicked");
  await expect(count(page)).toHaveText("1");
  expect(await settled(page)).toBe(1);
  await expect(previewRows(page).filter({ hasText: "Bruno Segment" })).toHaveCount(1);
  await context.close();
});

test("a marketer's segment can be read by a manager but not edited; an agent cannot open segments", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MANAGER);
  await page.goto("/segments");
  await expect(page.getByTestId("segment-row").filter({ hasText: "Engaged tech fans" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New segment" })).toHaveCount(0);
  await page.getByRole("link", { name: "Engaged tech fans" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await context.close();

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await uiLogin(agent, E2E.staff.AGENT);
  await agent.goto("/segments");
  await expect(agent).toHaveURL(/\/forbidden/);
  await agentContext.close();
});

test("a slow answer to an older edit never overwrites the count of a newer one", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);
  type TBody = { rules: { children: { type: string; tagIds?: string[] }[] } };
  let olderSent!: () => void;
  const older = new Promise<void>((resolve) => (olderSent = resolve));
  await page.route("**/api/segments/preview", async (route) => {
    const body = route.request().postDataJSON() as TBody;
    const onlyTheTag = body.rules.children.length === 1 && body.rules.children[0]!.type === "tag" && (body.rules.children[0]!.tagIds?.length ?? 0) === 1;
    if (onlyTheTag) {
      // The answer for "has tag Interest-Tech" alone (4 users) is held back for 3 s.
      olderSent();
      await new Promise((r) => setTimeout(r, 3000));
    }
    await route.continue().catch(() => undefined); // the browser may have aborted it meanwhile
  });
  await page.goto("/segments/new");
  await page.getByLabel("Bot").selectOption({ label: "@e2e_segments_bot" });
  await page.getByLabel("Add condition").selectOption("tag");
  await page.getByLabel("Add tag").fill("Interest-Tech");
  await page.getByLabel("Add tag").press("Enter");
  await older;
  // A newer edit while the older answer is still on its way: AND lifecycle active → Ana, Chen.
  await page.getByLabel("Add condition").last().selectOption("lifecycle");
  await expect(count(page)).toHaveText("2");
  await expect(previewRows(page)).toHaveCount(2);
  await page.waitForTimeout(3500); // the older answer (4) has had time to arrive
  await expect(count(page)).toHaveText("2");
  await expect(page.getByTestId("segment-counting")).toHaveCount(0);
  await context.close();
});

test("the builder keeps the marketer's work: tags only from the list, Enter never saves, leaving asks, a static segment shows its frozen size and asks before freezing again", async ({ browser }) => {
  // Two tags, one the start of the other's name: Ana has "VIP Gold", Emil has "VIP".
  const ana = await db.query<{ id: string }>(`SELECT "id" FROM "TelegramUser" WHERE "botId" = $1 AND "firstName" = 'Ana'`, [botRowId]);
  const emil = await db.query<{ id: string }>(`SELECT "id" FROM "TelegramUser" WHERE "botId" = $1 AND "firstName" = 'Emil'`, [botRowId]);
  expect((await adminApi.post(`/api/users/${ana.rows[0]!.id}/tags`, { data: { name: "VIP Gold" } })).status()).toBeLessThan(300);
  expect((await adminApi.post(`/api/users/${emil.rows[0]!.id}/tags`, { data: { name: "VIP" } })).status()).toBeLessThan(300);

  const { context, page } = await newSegmentAsMarketer(browser);

  // A new condition's missing choice is a hint, not an error.
  await page.getByLabel("Add condition").selectOption("tag");
  const tag = page.getByTestId("rule-condition").first();
  await expect(tag.getByRole("status")).toContainText("choose at least one tag");
  await expect(tag.getByRole("alert")).toHaveCount(0);

  // Typing "VIP Gold" key by key passes through "VIP", a tag too: nothing is added until Enter.
  await tag.getByLabel("Add tag").pressSequentially("VIP Gold");
  await expect(tag.getByRole("button", { name: /^Remove VIP/ })).toHaveCount(0);
  await tag.getByLabel("Add tag").press("Enter");
  await expect(tag.getByRole("button", { name: "Remove VIP Gold" })).toHaveCount(1);
  await expect(tag.getByRole("button", { name: "Remove VIP", exact: true })).toHaveCount(0);
  expect(await settled(page)).toBe(1); // Ana

  // A name that is no tag stays in the box with a message; the count does not change.
  await tag.getByLabel("Add tag").fill("Nope");
  await tag.getByLabel("Add tag").press("Enter");
  await expect(tag.getByRole("alert")).toContainText("No tag named “Nope”");
  await expect(tag.getByLabel("Add tag")).toHaveValue("Nope");
  await expect(tag.getByRole("button", { name: /^Remove VIP/ })).toHaveCount(1);
  await tag.getByLabel("Add tag").fill("");
  expect(await settled(page)).toBe(1);

  // Enter in a condition's field does not save the segment.
  await page.getByLabel("Name", { exact: true }).fill("Guarded VIPs");
  await page.getByLabel("Add condition").last().selectOption("event");
  const event = page.getByTestId("rule-condition").last();
  await event.getByLabel("Event name").fill("button_click");
  await event.getByLabel("Event name").press("Enter");
  await expect(count(page)).toHaveText("1");
  expect(await settled(page)).toBe(1);
  await expect(page).toHaveURL(/\/segments\/new$/);

  // An empty "times" box shows empty, and names what to enter.
  await event.getByLabel("Times").fill("");
  await expect(event.getByLabel("Times")).toHaveValue("");
  await expect(event.getByRole("alert")).toContainText("enter how many times");
  await expect(page.getByText("the number above is the last valid count")).toBeVisible();
  await event.getByLabel("Times").fill("1");
  expect(await settled(page)).toBe(1);

  // Leaving through the sidebar with unsaved work asks first; declining stays.
  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("link", { name: "Users", exact: true }).first().click();
  await expect.poll(() => asked).toEqual(["Leave this segment? Your unsaved changes will be lost."]);
  await expect(page).toHaveURL(/\/segments\/new$/);

  // Freeze as static: the page shows the frozen members, apart from what the rules select now.
  await page.getByRole("button", { name: "Freeze as static" }).click();
  await expect(page).toHaveURL(/\/segments\/(?!new$)[a-z0-9]+$/);
  await expect(page.getByTestId("segment-members")).toHaveText("1");
  const bruno = await db.query<{ id: string }>(`SELECT "id" FROM "TelegramUser" WHERE "botId" = $1 AND "firstName" = 'Bruno'`, [botRowId]);
  expect((await adminApi.post(`/api/users/${bruno.rows[0]!.id}/tags`, { data: { name: "VIP Gold" } })).status()).toBeLessThan(300);
  await page.reload();
  await expect(page.getByTestId("segment-members")).toHaveText("1");
  expect(await settled(page)).toBe(2); // the rules now select Ana and Bruno

  // Renaming saves the name alone: the members stay.
  await page.getByLabel("Name", { exact: true }).fill("Frozen VIPs");
  await page.getByLabel("Name", { exact: true }).press("Enter");
  await expect(page.getByText("Name and description saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Frozen VIPs");
  await expect(page.getByTestId("segment-members")).toHaveText("1");

  // Freezing again asks first; cancelling keeps the members, confirming replaces them.
  await page.getByRole("button", { name: "Freeze again…" }).click();
  const freeze = page.getByRole("dialog", { name: "Freeze the members again?" });
  await expect(freeze).toContainText("The 1 frozen members");
  await freeze.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("segment-members")).toHaveText("1");
  await page.getByRole("button", { name: "Freeze again…" }).click();
  await freeze.getByRole("button", { name: "Replace the members" }).click();
  await expect(page.getByText("Members frozen again: 2 users.")).toBeVisible();
  await expect(page.getByTestId("segment-members")).toHaveText("2");

  // Delete from the segment's page, after a confirmation.
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete “Frozen VIPs”?" }).getByRole("button", { name: "Delete segment" }).click();
  await expect(page).toHaveURL(/\/segments$/);
  await expect(page.getByTestId("segment-row").filter({ hasText: "Frozen VIPs" })).toHaveCount(0);
  await context.close();
});
