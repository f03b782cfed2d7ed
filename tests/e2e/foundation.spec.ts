import { test, expect } from "@playwright/test";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { EmulatorControl } from "../../lib/emulator/client";

test("admin adds a bot on the emulator; a /start src_ads1 user shows up in Users with that source", async ({ page }) => {
  const control = new EmulatorControl(E2E.emulatorUrl);
  const bot = await control.createBot({ username: "e2e_shop_bot", first_name: "E2E Shop" });

  await uiLogin(page, E2E.staff.ADMIN);
  await page.getByRole("navigation").getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();

  // A wrong token is refused with a clear message and nothing is added.
  await page.getByLabel("Bot token").fill("123456:not-a-real-token-at-all-xxxxxxxxxxxx");
  await page.getByLabel("Bot API server").fill(E2E.emulatorUrl);
  await page.getByRole("button", { name: "Add bot" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("rejected this token");

  await page.getByLabel("Bot token").fill(bot.token);
  await page.getByLabel("Bot API server").fill(E2E.emulatorUrl);
  await page.getByRole("button", { name: "Add bot" }).click();
  await expect(page.getByTestId("bot-list")).toContainText("@e2e_shop_bot");
  await expect(page.getByTestId("bot-list")).toContainText("long polling");

  const user = await control.createUser({ first_name: "Grace", last_name: "Hopper", username: "grace_e2e", language_code: "en" });
  await control.start(user.id, { bot_id: bot.id, payload: "src_ads1" });

  await page.getByRole("navigation").getByRole("link", { name: "Users", exact: true }).click();
  const row = page.getByTestId("user-row").filter({ hasText: "Grace Hopper" });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId("user-source")).toHaveText("src_ads1");

  // The bot's real grammY handler answered the /start on the emulator.
  await expect.poll(async () => (await control.sent(bot.id, user.id)).length, { timeout: 15_000 }).toBeGreaterThan(0);

  await row.getByRole("link", { name: /Grace Hopper/ }).click();
  await expect(page.getByTestId("profile-source")).toHaveText("src_ads1");
  await expect(page.getByTestId("timeline")).toContainText("started the bot from src_ads1");
});
