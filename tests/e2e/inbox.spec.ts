// The live-chat inbox end to end: two agents in two browsers, simulated Telegram
// users on the Bot API emulator, the worker delivering replies. Nothing reloads:
// every change reaches the pages through the inbox stream.
import { test, expect, request as pwRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E } from "./config";
import { apiLogin, uiLogin } from "./auth";
import { EmulatorControl, type BotView } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";

const control = new EmulatorControl(E2E.emulatorUrl);
const AGENT_A = "Agent E2E"; // seeded (tests/e2e/server.ts)
const AGENT_B = { email: "agent-two@e2e.test", name: "Agent Two E2E" };

let adminApi: APIRequestContext;
let bot: BotView;
let uma: TgUser;
let bruno: TgUser;
let contextA: BrowserContext;
let contextB: BrowserContext;
let pageA: Page;
let pageB: Page;

test.describe.configure({ mode: "serial" });

/** Texts the emulator accepted from the bot for this user's chat that equal `text`. */
async function sentCount(user: TgUser, text: string): Promise<number> {
  return (await control.sent(bot.id, user.id)).filter((m) => m.text === text).length;
}

async function openInbox(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await uiLogin(page, email);
  await page.goto("/inbox");
  await expect(page.getByTestId("stream-status")).toHaveAttribute("data-status", "live");
  // Marks this document: if the page ever reloads, the mark is gone.
  await page.evaluate(() => ((window as unknown as { __inboxNoReload: boolean }).__inboxNoReload = true));
  return { context, page };
}

async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __inboxNoReload?: boolean }).__inboxNoReload)).toBe(true);
}

const item = (page: Page, name: string) => page.getByTestId("conversation-item").filter({ hasText: name });
const bubble = (page: Page, text: string) => page.getByTestId("chat-messages").getByTestId("message").filter({ hasText: text });

test.beforeAll(async () => {
  adminApi = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  await apiLogin(adminApi, E2E.staff.ADMIN);
  const emu = await control.createBot({ username: "e2e_inbox_bot", first_name: "E2E Inbox" });
  const added = await adminApi.post("/api/bots", { data: { token: emu.token, apiRoot: E2E.emulatorUrl } });
  expect(added.status()).toBe(201);
  expect(((await added.json()) as { bot: { username: string } }).bot.username).toBe("e2e_inbox_bot");
  bot = emu;
  const second = await adminApi.post("/api/staff", { data: { ...AGENT_B, role: "AGENT", password: E2E.password } });
  expect(second.status()).toBe(201);
});

test.afterAll(async () => {
  await contextA?.close();
  await contextB?.close();
  await adminApi?.dispose();
});

test("(a) a new conversation appears live; the agent's reply reaches Telegram once; the user's next message shows within a second", async ({ browser }) => {
  ({ context: contextA, page: pageA } = await openInbox(browser, E2E.staff.AGENT));
  // Agents start on "Mine"; new chats are unassigned, so look at everything this agent may see.
  await pageA.getByRole("tab", { name: /^All/ }).click();
  await expect(item(pageA, "Uma Upton")).toHaveCount(0);

  uma = await control.createUser({ first_name: "Uma", last_name: "Upton", username: "uma_e2e", language_code: "en" });
  await control.start(uma.id, { bot_id: bot.id });
  // Let the bot's welcome go out first, so Uma's question is the newest message.
  await expect.poll(async () => (await control.sent(bot.id, uma.id)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await control.message(uma.id, { bot_id: bot.id, text: "Hi, where is my order #1042?" });

  await expect(item(pageA, "Uma Upton")).toBeVisible({ timeout: 20_000 });
  await expect(item(pageA, "Uma Upton")).toContainText("Hi, where is my order #1042?");
  await expect(item(pageA, "Uma Upton")).toContainText("unassigned");
  await item(pageA, "Uma Upton").click();
  await expect(pageA.getByTestId("chat-title")).toHaveText("Uma Upton");
  await expect(bubble(pageA, "Hi, where is my order #1042?")).toBeVisible();

  const replyText = "Hello Uma, it ships today. Anything else?";
  const composer = pageA.getByRole("textbox", { name: "Reply" });
  await composer.fill(replyText);
  await composer.press("Enter");
  await expect(composer).toHaveValue("");
  await expect(bubble(pageA, replyText).getByTestId("delivery-state")).toHaveText(/sent$/, { timeout: 20_000 });
  await expect.poll(() => sentCount(uma, replyText), { timeout: 15_000 }).toBe(1);
  await expect(bubble(pageA, replyText)).toHaveCount(1);
  await expect(bubble(pageA, replyText)).toHaveAttribute("data-state", "sent");
  // Replying took the chat.
  await expect(pageA.getByRole("combobox", { name: "Assignee" })).toHaveValue(/.+/);
  await expect(item(pageA, "Uma Upton")).toContainText(`→ ${AGENT_A}`);

  // The user writes again: measured from the emulator accepting it to the text on the agent's screen.
  const next = "Great, thanks! One more question.";
  await pageA.evaluate((text) => {
    const w = window as unknown as { __seenAt: number | null };
    w.__seenAt = null;
    const root = document.querySelector('[data-testid="chat-messages"]')!;
    const check = () => {
      if (w.__seenAt === null && root.textContent?.includes(text)) w.__seenAt = Date.now();
    };
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
  }, next);
  await control.message(uma.id, { bot_id: bot.id, text: next });
  const accepted = Date.now();
  await expect(bubble(pageA, next)).toBeVisible({ timeout: 5_000 });
  const seenAt = await pageA.evaluate(() => (window as unknown as { __seenAt: number | null }).__seenAt);
  expect(seenAt).not.toBeNull();
  const latency = seenAt! - accepted;
  console.log(`[inbox e2e] user message -> agent's open chat: ${latency} ms`);
  expect(latency).toBeLessThan(1_500);

  // Still exactly one copy of the reply on Telegram, and nothing reloaded.
  expect(await sentCount(uma, replyText)).toBe(1);
  await expectNotReloaded(pageA);
});

test("(b) a transfer to another agent shows live on both agents' pages", async ({ browser }) => {
  ({ context: contextB, page: pageB } = await openInbox(browser, AGENT_B.email));
  await expect(pageB.getByRole("tab", { name: /^Mine/ })).toHaveAttribute("aria-selected", "true");
  await expect(pageB.getByTestId("conversation-list")).toContainText("No conversations are assigned to you.");
  await expect(item(pageB, "Uma Upton")).toHaveCount(0); // A's chat is not B's to see yet

  await pageA.getByRole("combobox", { name: "Assignee" }).selectOption({ label: AGENT_B.name });

  // A: the chat is handed over (and leaves A's list: agents see unassigned chats and their own).
  await expect(pageA.getByText(`Assigned to ${AGENT_B.name}.`)).toBeVisible();
  await expect(item(pageA, "Uma Upton")).toHaveCount(0);
  await expect(pageA.getByTestId("chat-title")).toHaveText("Inbox");
  // B: it arrives in "Mine", with B as the assignee.
  await expect(item(pageB, "Uma Upton")).toBeVisible();
  await expect(item(pageB, "Uma Upton")).toContainText(`→ ${AGENT_B.name}`);
  await expect(pageB.getByRole("tab", { name: /^Mine/ })).toContainText("1");

  await item(pageB, "Uma Upton").click();
  await expect(pageB.getByTestId("chat-title")).toHaveText("Uma Upton");
  await expect(pageB.getByText(`assigned to ${AGENT_B.name}`)).toBeVisible();
  await expect(pageB.getByTestId("assignment-history")).toContainText(`→ ${AGENT_B.name} (from ${AGENT_A}) by ${AGENT_A}`);
  await expect(pageB.getByTestId("assignment-history")).toContainText(`→ ${AGENT_A} by ${AGENT_A}`); // taken by replying
  await expect(bubble(pageB, "Great, thanks! One more question.")).toBeVisible();
  await expectNotReloaded(pageA);
  await expectNotReloaded(pageB);
});

test("(e) the composer refuses empty text and text over 4,096 characters, and sends nothing", async () => {
  const composer = pageB.getByRole("textbox", { name: "Reply" });
  const messages = pageB.getByTestId("chat-messages").getByTestId("message");
  const shownBefore = await messages.count();
  const sentBefore = (await control.sent(bot.id, uma.id)).length;

  await composer.fill("");
  await composer.press("Enter");
  await expect(pageB.getByRole("alert").filter({ hasText: "Write something before sending." })).toBeVisible();
  // The message sits on its own line: the controls above it stay on one line.
  const noteBox = await pageB.getByText("Internal note", { exact: true }).boundingBox();
  const photoBox = await pageB.getByRole("button", { name: "📎 Photo" }).boundingBox();
  expect(Math.abs(noteBox!.y + noteBox!.height / 2 - (photoBox!.y + photoBox!.height / 2))).toBeLessThan(4);
  await composer.fill("   \n  ");
  await pageB.getByRole("button", { name: "Send" }).click();
  await expect(pageB.getByRole("alert").filter({ hasText: "Write something before sending." })).toBeVisible();

  const tooLong = "a".repeat(4097);
  await composer.fill(tooLong);
  await expect(pageB.getByText("4097/4096")).toBeVisible();
  await composer.press("Enter");
  await expect(pageB.getByRole("alert").filter({ hasText: "Messages can be at most 4096 characters (this one has 4097)." })).toBeVisible();
  await expect(composer).toHaveValue(tooLong); // kept, so the agent can shorten it

  // The API refuses it too, whatever a client does.
  const api = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  await apiLogin(api, AGENT_B.email);
  const conversationId = await item(pageB, "Uma Upton").getAttribute("data-conversation-id");
  const refused = await api.post(`/api/inbox/conversations/${conversationId}/messages`, { data: { clientId: "e2e-too-long-1", text: tooLong } });
  expect(refused.status()).toBe(400);
  expect(JSON.stringify(await refused.json())).toContain("at most 4096 characters");
  const blank = await api.post(`/api/inbox/conversations/${conversationId}/messages`, { data: { clientId: "e2e-blank-1", text: " \n " } });
  expect(blank.status()).toBe(400);
  await api.dispose();

  expect(await messages.count()).toBe(shownBefore);
  expect((await control.sent(bot.id, uma.id)).length).toBe(sentBefore);
});

test("(c) a tag added in the chat's side panel shows in the Users table and on the profile, with who added it", async () => {
  await pageB.getByRole("textbox", { name: "Reply" }).fill("");
  const picker = pageB.getByRole("combobox", { name: "Add a tag" });
  await picker.fill("high intent");
  await picker.press("Enter");
  await expect(pageB.getByTestId("conversation-tags")).toContainText("high intent");
  await expect(pageB.getByText("Tagged Uma Upton with “high intent”.")).toBeVisible();
  await expect(picker).toHaveValue("");

  const users = await contextB.newPage();
  await users.goto("/users");
  const row = users.getByTestId("user-row").filter({ hasText: "Uma Upton" });
  await expect(row.getByTestId("user-tags")).toContainText("high intent");
  await row.getByRole("link", { name: /Uma Upton/ }).click();
  const tag = users.getByTestId("profile-tag").filter({ hasText: "high intent" });
  await expect(tag).toBeVisible();
  await expect(tag).toContainText(`agent · ${AGENT_B.name}`);
  await expect(users.getByTestId("timeline")).toContainText("tag_added");
  await users.close();
  await expectNotReloaded(pageB);
});

test("(d) a reply to a user who blocked the bot fails with the reason, shows the blocked banner, and reaches nobody", async () => {
  bruno = await control.createUser({ first_name: "Bruno", last_name: "Barros", username: "bruno_e2e", language_code: "en" });
  await control.start(bruno.id, { bot_id: bot.id });
  await control.message(bruno.id, { bot_id: bot.id, text: "Please call me back" });
  await expect(item(pageA, "Bruno Barros")).toBeVisible({ timeout: 20_000 });
  await item(pageA, "Bruno Barros").click();
  await expect(pageA.getByTestId("chat-title")).toHaveText("Bruno Barros");
  await expect(bubble(pageA, "Please call me back")).toBeVisible();
  await expect(pageA.getByTestId("blocked-banner")).toHaveCount(0);

  // Blocked without Telegram telling the bot: Tagflow finds out when it sends.
  await control.block(bruno.id, { bot_id: bot.id, silent: true });
  const replyText = "Sure Bruno, when suits you?";
  const composer = pageA.getByRole("textbox", { name: "Reply" });
  await composer.fill(replyText);
  await composer.press("Enter");

  await expect(bubble(pageA, replyText).getByTestId("delivery-state")).toHaveText(/failed: the user blocked the bot/, { timeout: 20_000 });
  await expect(bubble(pageA, replyText)).toHaveAttribute("data-state", "failed");
  await expect(pageA.getByTestId("blocked-banner")).toBeVisible();
  await expect(item(pageA, "Bruno Barros")).toContainText("blocked");
  // Nothing more can be sent to them: the composer gives way to the reason.
  await expect(pageA.getByTestId("composer-disabled")).toContainText("Bruno Barros blocked the bot: replies cannot be delivered.");
  await expect(pageA.getByRole("textbox", { name: "Reply" })).toHaveCount(0);
  expect(await sentCount(bruno, replyText)).toBe(0);
  await expectNotReloaded(pageA);
});
