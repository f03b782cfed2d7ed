// The Users table, a user's profile, Settings' staff and bots, and the Overview: full-name
// search, page clamping, bulk tagging with a confirmation and Undo (and all matching the
// filters), tagging on the profile, Disable asking first, no self role change, a bot
// already connected, and the inbox counts.
import { test, expect, type APIRequestContext } from "@playwright/test";
import type pg from "pg";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { adminWithBot, e2eDatabase } from "./setup";
import { EmulatorControl, type BotView } from "../../lib/emulator/client";

const control = new EmulatorControl(E2E.emulatorUrl);
let adminApi: APIRequestContext;
let bot: BotView;
let database: pg.Client;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  let botRowId: string;
  ({ adminApi, bot, botRowId } = await adminWithBot(control, "e2e_users_bot", "E2E Users"));
  database = await e2eDatabase();
  // Twelve "Bulk Person" users and a James Clark, last seen ten days ago (below other specs'
  // users), a minute apart: Bulk Person 01 is the most recent.
  const people = [...Array.from({ length: 12 }, (_, i) => ["Bulk", `Person ${String(i + 1).padStart(2, "0")}`]), ["James", "Clark"], ["James", "Adams"]];
  for (const [i, [first, last]] of people.entries()) {
    await database.query(
      `INSERT INTO "TelegramUser" ("id", "botId", "telegramId", "firstName", "lastName", "firstSeenAt", "lastSeenAt")
       VALUES ($1, $2, $3, $4, $5, now() - interval '20 days', now() - interval '10 days' - $6 * interval '1 minute')`,
      [`e2e_users_${i}`, botRowId, 880_000 + i, first, last, i],
    );
  }
});

test.afterAll(async () => {
  await adminApi?.dispose();
  await database?.end();
});

test("full-name search, and a page past the end shows the last page with a message; the page box clamps", async ({ page }) => {
  await uiLogin(page, E2E.staff.ADMIN);
  await page.goto("/users");
  await page.getByLabel("Search users").fill("James Clark");
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText("James Clark");

  await page.goto("/users?q=Bulk%20Person&pageSize=10&page=999");
  await expect(page.getByRole("status").filter({ hasText: "Page 999 does not exist: showing the last page, 2." })).toBeVisible();
  await expect(page.getByTestId("user-row")).toHaveCount(2);
  await expect(page.getByText("11–12 of 12")).toBeVisible();

  await page.goto("/users?q=Bulk%20Person&pageSize=10");
  await page.getByLabel("Page", { exact: true }).fill("99");
  await page.getByLabel("Page", { exact: true }).press("Enter");
  await expect(page.getByText("There are only 2 pages: showing the last one.")).toBeVisible();
  await expect(page.getByText("11–12 of 12")).toBeVisible();
  await page.getByLabel("Page", { exact: true }).fill("x");
  await page.getByLabel("Page", { exact: true }).press("Enter");
  await expect(page.getByText("Enter a page number from 1 to 2.")).toBeVisible();
});

test("bulk tagging more than five users asks first and can be undone; all matching the filters; removing offers only existing tags", async ({ page }) => {
  await uiLogin(page, E2E.staff.ADMIN);
  await page.goto("/users?q=Bulk%20Person&pageSize=10");
  await expect(page.getByTestId("user-row")).toHaveCount(10);
  await page.getByRole("checkbox", { name: "Select every user on this page" }).check();
  const bar = page.getByTestId("bulk-tag-bar");
  await expect(bar).toContainText("10 selected");
  await expect(bar).toContainText("This page only.");
  const picker = bar.getByRole("combobox", { name: "Add a tag" });

  // Cancel: nothing changes.
  await picker.fill("e2e-bulk");
  await picker.press("Enter");
  const ask = page.getByRole("dialog", { name: "Add tag “e2e-bulk” to 10 users?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByTestId("user-tags").filter({ hasText: "e2e-bulk" })).toHaveCount(0);

  // Confirm, then Undo.
  await picker.fill("e2e-bulk");
  await picker.press("Enter");
  await ask.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Tagged 10 users (“e2e-bulk”).")).toBeVisible();
  await expect(page.getByTestId("user-tags").filter({ hasText: "e2e-bulk" })).toHaveCount(10);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Undone: removed “e2e-bulk” from 10 users.")).toBeVisible();
  await expect(page.getByTestId("user-tags").filter({ hasText: "e2e-bulk" })).toHaveCount(0);

  // All 12 matching, not only this page's 10.
  await page.getByRole("checkbox", { name: "Select every user on this page" }).check();
  await bar.getByRole("button", { name: "Select all 12 matching" }).click();
  await expect(bar).toContainText("All 12 matching selected");
  await picker.fill("e2e-all");
  await picker.press("Enter");
  await page.getByRole("dialog", { name: "Add tag “e2e-all” to 12 users?" }).getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Tagged 12 users (“e2e-all”).")).toBeVisible();
  const tagged = (await (await adminApi.get("/api/users?tag=e2e-all")).json()) as { total: number };
  expect(tagged.total).toBe(12);

  // Removing: an unknown name is not offered for creation.
  await page.getByRole("checkbox", { name: "Select Bulk Person 01" }).check();
  await bar.getByRole("combobox", { name: "Bulk tag action" }).selectOption({ label: "Remove tag" });
  await picker.fill("nonexistent-zz");
  await expect(bar.getByText("No tag matches “nonexistent-zz”.")).toBeVisible();
  await expect(bar.getByRole("listbox")).toHaveCount(0);
  await picker.fill("e2e-al");
  await expect(bar.getByRole("option", { name: "e2e-all", exact: true })).toBeVisible();
  await picker.press("Enter"); // one user: no confirmation
  await expect(page.getByText("Removed the tag from 1 user (“e2e-all”).")).toBeVisible();
});

test("a profile adds and removes tags, names them in the timeline, and links to the inbox conversation", async ({ page }) => {
  const user = await control.createUser({ first_name: "Pia", last_name: "Profile", username: "pia_users_e2e", language_code: "en" });
  await control.start(user.id, { bot_id: bot.id });
  await control.message(user.id, { bot_id: bot.id, text: "Hello there" });
  await uiLogin(page, E2E.staff.ADMIN);
  await expect.poll(async () => ((await (await adminApi.get("/api/users?q=Pia%20Profile")).json()) as { total: number }).total, { timeout: 20_000 }).toBe(1);
  await page.goto("/users?q=Pia%20Profile");
  await page.getByRole("link", { name: /Pia Profile/ }).click();
  await expect(page.getByRole("heading", { name: "Pia Profile" })).toBeVisible();

  const picker = page.getByRole("combobox", { name: "Add a tag" });
  await picker.fill("profile-made");
  await picker.press("Enter");
  await expect(page.getByText("Tagged Pia Profile with “profile-made”.")).toBeVisible();
  await expect(page.getByTestId("profile-tag").filter({ hasText: "profile-made" })).toContainText("agent · Admin E2E");
  await expect(page.getByTestId("timeline")).toContainText("tagged “profile-made” by Admin E2E");

  await page.getByRole("button", { name: "Remove tag profile-made" }).click();
  await expect(page.getByTestId("profile-tag").filter({ hasText: "profile-made" })).toHaveCount(0);
  await expect(page.getByTestId("timeline")).toContainText("tag “profile-made” removed by Admin E2E");

  await expect.poll(async () => {
    await page.reload();
    return page.getByRole("link", { name: /Open conversation in the inbox/ }).count();
  }, { timeout: 20_000 }).toBe(1);
  await page.getByRole("link", { name: /Open conversation in the inbox/ }).click();
  await expect(page).toHaveURL(/\/inbox\?c=/);
  await expect(page.getByTestId("chat-title")).toHaveText("Pia Profile");
});

test("settings: no own role change, Disable asks first, a connected bot is not added twice, stale errors clear", async ({ page }) => {
  const added = await adminApi.post("/api/staff", { data: { name: "Dora Disable", email: "dora@users-e2e.test", role: "AGENT", password: E2E.password } });
  expect(added.status()).toBe(201);
  await uiLogin(page, E2E.staff.ADMIN);
  await page.goto("/settings");
  await expect(page.getByLabel("Role of Admin E2E")).toBeDisabled();
  await expect(page.getByLabel("Role of Dora Disable")).toBeEnabled();

  const dora = page.getByTestId("staff-table").getByRole("row").filter({ hasText: "Dora Disable" });
  await dora.getByRole("button", { name: "Disable" }).click();
  const ask = page.getByRole("dialog", { name: "Disable Dora Disable?" });
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(dora.getByRole("button", { name: "Disable" })).toBeVisible();
  await dora.getByRole("button", { name: "Disable" }).click();
  await ask.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("Dora Disable can no longer sign in")).toBeVisible();
  await expect(dora.getByRole("button", { name: "Enable" })).toBeVisible();

  // The server refuses a self role change too.
  const me = (await (await adminApi.get("/api/auth/session")).json()) as { user: { id: string } };
  const self = await adminApi.patch(`/api/staff/${me.user.id}`, { data: { role: "AGENT" } });
  expect(self.status()).toBe(409);

  const form = page.getByRole("form", { name: "Add a bot" });
  await page.getByLabel("Bot token").fill(bot.token);
  await page.getByLabel("Bot API server").fill(E2E.emulatorUrl);
  await page.getByRole("button", { name: "Add bot" }).click();
  await expect(form.getByRole("alert")).toHaveText("E2E Users (@e2e_users_bot) is already connected.");
  await expect(page.getByTestId("bot-list").getByText("@e2e_users_bot")).toHaveCount(1);
  await page.getByLabel("Bot token").fill("12");
  await expect(form.getByRole("alert")).toHaveCount(0);
});

test("the overview shows open, unassigned and unread conversations to inbox staff", async ({ page }) => {
  await uiLogin(page, E2E.staff.AGENT);
  const inbox = page.getByTestId("overview-inbox");
  await expect(inbox).toContainText("Open conversations");
  await expect(inbox).toContainText("Unassigned");
  await expect(inbox).toContainText("With unread messages");
  await expect(page.getByRole("link", { name: "Open the inbox →" })).toHaveAttribute("href", "/inbox");
});
