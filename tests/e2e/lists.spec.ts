// The lists of flows, campaigns and segments: created through their "New …" dialogs (or
// the API), deleted from the list after a confirmation; Cancel keeps the row.
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { adminWithBot } from "./setup";
import { EmulatorControl } from "../../lib/emulator/client";

const control = new EmulatorControl(E2E.emulatorUrl);
let adminApi: APIRequestContext;
let botRowId: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  ({ adminApi, botRowId } = await adminWithBot(control, "e2e_lists_bot", "E2E Lists"));
});

test.afterAll(async () => {
  await adminApi?.dispose();
});

/** Deletes the row named `name` of a list: Cancel first (the row stays), then Delete. */
async function deleteRow(page: Page, rowTestId: string, name: string, title: string, toast: string) {
  const row = page.getByTestId(rowTestId).filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: /Delete/ }).click();
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: /Delete/ }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText(toast)).toBeVisible();
  await expect(row).toHaveCount(0);
}

test("a flow and a campaign draft made in their dialogs, and a segment, are deleted from their lists after a confirmation", async ({ page }) => {
  await uiLogin(page, E2E.staff.ADMIN);

  await page.goto("/flows");
  await page.getByRole("button", { name: "New flow" }).click();
  const newFlow = page.getByRole("dialog", { name: "New flow" });
  await newFlow.getByLabel("Name", { exact: true }).fill("Short-lived flow");
  // The bot picker shows when there are several bots.
  const botPicker = newFlow.getByLabel("Bot", { exact: true });
  if ((await botPicker.count()) > 0) await botPicker.selectOption({ label: "@e2e_lists_bot" });
  await newFlow.getByRole("button", { name: "Create flow" }).click();
  await expect(page).toHaveURL(/\/flows\/[a-z0-9]+$/);
  await page.goto("/flows");
  await deleteRow(page, "flow-row", "Short-lived flow", "Delete flow?", "Deleted “Short-lived flow”.");

  await page.goto("/campaigns");
  await page.getByRole("button", { name: "New campaign" }).click();
  const newCampaign = page.getByRole("dialog", { name: "New campaign" });
  await newCampaign.getByLabel("Campaign name").fill("Short-lived draft");
  await newCampaign.getByLabel("Send through bot").selectOption({ label: "@e2e_lists_bot" });
  await newCampaign.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[a-z0-9]+$/);
  await page.goto("/campaigns");
  await deleteRow(page, "campaign-row", "Short-lived draft", "Delete draft?", "Deleted the draft “Short-lived draft”.");

  const seg = await adminApi.post("/api/segments", {
    data: { botId: botRowId, name: "Short-lived segment", rules: { type: "group", op: "and", not: false, children: [{ type: "language", languages: ["en"] }] } },
  });
  expect(seg.status()).toBe(201);
  await page.goto("/segments");
  await deleteRow(page, "segment-row", "Short-lived segment", "Delete segment?", 'Deleted "Short-lived segment".');
});
