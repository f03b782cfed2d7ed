// More of the live-chat inbox end to end, in the browser against the real e2e
// server, the worker and the Bot API emulator: the stream surviving a network drop,
// photo replies and their limits, internal notes, canned replies, bulk tagging in
// the Users table, and the bot → human handoff pausing the bot's automated replies.
import { readFileSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import { test, expect, request as pwRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E, type TE2EState } from "./config";
import { apiLogin, uiLogin } from "./auth";
import { EmulatorControl, type BotView } from "../../lib/emulator/client";
import type { TgUser } from "../../lib/emulator/types";

const control = new EmulatorControl(E2E.emulatorUrl);
const AGENT = { email: "agent-more@e2e.test", name: "Agent More E2E" };

/** A real 2×2 PNG (RGBA), so the browser can decode it and Telegram would show it. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwHwyBDCBmYGBgAAA9pQX7ePsGzQAAAABJRU5ErkJggg==",
  "base64",
);
/** The first bytes of a PDF: what a "photo" renamed from report.pdf really is. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");
const TEN_MB = 10 * 1024 * 1024;

let adminApi: APIRequestContext;
let agentApi: APIRequestContext;
let db: pg.Client;
let bot: BotView;
let botRowId: string;
let nadia: TgUser;
let context: BrowserContext;
let page: Page;
let conversationId: string;

test.describe.configure({ mode: "serial" });

const item = (p: Page, name: string) => p.getByTestId("conversation-item").filter({ hasText: name });
const bubbles = (p: Page) => p.getByTestId("chat-messages").getByTestId("message");
const bubble = (p: Page, text: string) => bubbles(p).filter({ hasText: text });
const composer = (p: Page) => p.getByRole("textbox", { name: "Reply" });
const streamStatus = (p: Page) => p.getByTestId("stream-status");

/** What the emulator accepted from the bot for this chat. */
const sentTo = (user: TgUser) => control.sent(bot.id, user.id);
const sentTexts = async (user: TgUser, text: string) => (await sentTo(user)).filter((m) => m.text === text).length;

async function openInbox(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await uiLogin(p, email);
  await p.goto("/inbox");
  await expect(streamStatus(p)).toHaveAttribute("data-status", "live");
  // If the page ever reloads, this mark is gone.
  await p.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  return { context: ctx, page: p };
}

async function expectNotReloaded(p: Page): Promise<void> {
  expect(await p.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

/** A simulated user starts the bot and writes; the agent opens the chat from "All". */
async function newChat(first: string, last: string, text: string): Promise<TgUser> {
  const user = await control.createUser({ first_name: first, last_name: last, username: `${first.toLowerCase()}_more_e2e`, language_code: "en" });
  await control.start(user.id, { bot_id: bot.id });
  // The bot's own welcome first, so the user's text is the newest message of the chat.
  await expect.poll(() => sentTexts(user, `Hi ${first}! What would you like to see?`), { timeout: 20_000 }).toBe(1);
  await control.message(user.id, { bot_id: bot.id, text });
  const name = `${first} ${last}`;
  await page.getByRole("tab", { name: /^All/ }).click();
  await expect(item(page, name)).toContainText(text, { timeout: 20_000 });
  await item(page, name).click();
  await expect(page.getByTestId("chat-title")).toHaveText(name);
  await expect(bubble(page, text)).toBeVisible();
  return user;
}

/** The texts of the open chat, top to bottom. */
async function chatTexts(p: Page): Promise<string[]> {
  return bubbles(p).evaluateAll((els) => els.map((e) => e.textContent ?? ""));
}

/** Which of `texts` the open chat shows, top to bottom. */
async function shownInOrder(p: Page, texts: string[]): Promise<string[]> {
  return (await chatTexts(p)).flatMap((t) => texts.filter((x) => t.startsWith(x)));
}

/** Which of `texts` the server has stored for the conversation, in chat order (read as the admin, outside the browser). */
async function storedTexts(texts: string[]): Promise<string[]> {
  const r = (await (await adminApi.get(`/api/inbox/conversations/${conversationId}/messages`)).json()) as { items: { text: string | null }[] };
  return r.items.map((m) => m.text ?? "").filter((t) => texts.includes(t));
}

/**
 * A TCP gate in front of the e2e server. `drop("reset")`: every connection through it is
 * reset and new ones too (the network is gone); `drop("503")`: open connections are reset
 * and new requests get 503 (a reverse proxy whose app is restarting); `restore()` opens it.
 */
class Gate {
  private readonly server = net.createServer((client) => this.accept(client));
  private readonly open = new Set<net.Socket>();
  private mode: "open" | "reset" | "503" = "open";
  /** Request lines answered with 503. */
  readonly refused: string[] = [];
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  drop(mode: "reset" | "503"): void {
    this.mode = mode;
    for (const s of this.open) s.resetAndDestroy();
  }

  restore(): void {
    this.mode = "open";
  }

  async close(): Promise<void> {
    this.drop("reset");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on("error", () => client.destroy());
    if (this.mode === "reset") return void client.resetAndDestroy();
    if (this.mode === "503") {
      client.once("data", (chunk: Buffer) => {
        this.refused.push(chunk.toString("latin1").split("\r\n")[0] ?? "");
        const body = "The app is restarting.";
        client.end(`HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      });
      return;
    }
    const upstream = net.connect(E2E.port, "127.0.0.1");
    upstream.on("error", () => client.destroy());
    for (const s of [client, upstream]) {
      this.open.add(s);
      s.on("close", () => this.open.delete(s));
    }
    client.pipe(upstream).pipe(client);
  }
}

/**
 * States of the worker's jobs for the stored updates carrying `text` from `chatId`, oldest
 * first (pg-boss). A job is "completed" once the bot's handlers ran, or were skipped.
 */
async function updateJobStates(chatId: number, text: string): Promise<string[]> {
  const r = await db.query<{ state: string }>(
    `SELECT j.state::text AS state FROM "TelegramUpdate" u
       LEFT JOIN pgboss.job j ON j.name = 'telegram.process-update' AND (j.data->>'updateRowId')::bigint = u.id
      WHERE u."botId" = $1 AND u.payload->'message'->>'text' = $2 AND (u.payload->'message'->'chat'->>'id')::bigint = $3
      ORDER BY u.id`,
    [botRowId, text, chatId],
  );
  return r.rows.map((row) => row.state ?? "no job yet");
}

test.beforeAll(async ({ browser }) => {
  adminApi = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  await apiLogin(adminApi, E2E.staff.ADMIN);
  const emu = await control.createBot({ username: "e2e_more_bot", first_name: "E2E More" });
  const added = await adminApi.post("/api/bots", { data: { token: emu.token, apiRoot: E2E.emulatorUrl } });
  expect(added.status()).toBe(201);
  botRowId = ((await added.json()) as { bot: { id: string } }).bot.id;
  bot = emu;
  const agent = await adminApi.post("/api/staff", { data: { ...AGENT, role: "AGENT", password: E2E.password } });
  expect(agent.status()).toBe(201);
  agentApi = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  await apiLogin(agentApi, AGENT.email);
  const state = JSON.parse(readFileSync(E2E.stateFile, "utf8")) as TE2EState;
  db = new pg.Client({ connectionString: state.databaseUrl });
  await db.connect();
  ({ context, page } = await openInbox(browser, AGENT.email));
});

test.afterAll(async () => {
  await context?.close();
  await agentApi?.dispose();
  await adminApi?.dispose();
  await db?.end();
});

test("1. the browser goes offline while a chat is open: what was written meanwhile shows once, in order, without a reload", async () => {
  nadia = await newChat("Nadia", "Novak", "Hello, is anyone there?");
  conversationId = (await item(page, "Nadia Novak").getAttribute("data-conversation-id"))!;
  expect(conversationId).toBeTruthy();
  // Every status the indicator shows, in order.
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: string[] };
    const el = document.querySelector('[data-testid="stream-status"]')!;
    w.__statuses = [el.getAttribute("data-status")!];
    new MutationObserver(() => w.__statuses.push(el.getAttribute("data-status")!)).observe(el, { attributes: true, attributeFilter: ["data-status"] });
  });

  // The agent is halfway through a reply.
  const draft = "Let me look into this right aw";
  await composer(page).fill(draft);
  const nadiaId = ((await (await adminApi.get(`/api/inbox/conversations/${conversationId}`)).json()) as { conversation: { user: { id: string } } }).conversation.user.id;

  // Chromium's offline mode fails every new request (the list reloads fail) but, as of
  // Chromium 150, leaves an event stream that is already open connected: the status may
  // stay "live". Test 1b cuts the connection for real.
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  // Someone tags Nadia meanwhile: the open chat's details are fetched again, which fails
  // offline (or, if the stream was cut, happens after it resumes).
  expect((await adminApi.post(`/api/users/${nadiaId}/tags`, { data: { name: "offline check" } })).status()).toBeLessThan(300);
  const refreshFailed = page.locator("[data-sonner-toast]").filter({ hasText: "Cannot reach the Tagflow server" });
  await expect.poll(async () => (await refreshFailed.count()) > 0 || (await streamStatus(page).getAttribute("data-status")) !== "live").toBe(true);
  const texts = ["First while you were offline", "Second while you were offline", "Third while you were offline"];
  for (const text of texts) await control.message(nadia.id, { bot_id: bot.id, text });
  // Stored on the server (read from outside the browser), in the order they were written.
  await expect.poll(() => storedTexts(texts), { timeout: 20_000 }).toEqual(texts);

  await context.setOffline(false);
  await expect(streamStatus(page)).toHaveAttribute("data-status", "live", { timeout: 20_000 });
  for (const text of texts) await expect(bubble(page, text)).toHaveCount(1, { timeout: 10_000 });
  expect(await shownInOrder(page, texts)).toEqual(texts);
  const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
  expect(statuses[0]).toBe("live");
  expect(statuses.at(-1)).toBe("live");
  // The conversation list, whose reloads failed while offline, is current again.
  await expect(page.getByTestId("conversation-list").getByRole("alert")).toHaveCount(0);
  await expect(item(page, "Nadia Novak")).toContainText("while you were offline");
  // The chat stayed open through the failed refresh, with the agent's unsent draft.
  await expect(page.getByTestId("chat-title")).toHaveText("Nadia Novak");
  await expect(composer(page)).toHaveValue(draft);
  await composer(page).fill("");
  await expectNotReloaded(page);
});

test("1b. the connection to the server drops, then the server answers 503 for a while: the stream resumes and misses nothing", async () => {
  // A second inbox page of the same agent, reaching the server through a TCP gate this test controls.
  const gate = new Gate();
  await gate.start();
  const p = await context.newPage();
  try {
    await p.goto(`${gate.url}/inbox?c=${conversationId}`);
    await expect(p.getByTestId("chat-title")).toHaveText("Nadia Novak");
    await p.getByRole("tab", { name: /^All/ }).click();
    await expect(item(p, "Nadia Novak")).toBeVisible();
    await expect(streamStatus(p)).toHaveAttribute("data-status", "live");
    await expect(bubble(p, "Third while you were offline")).toHaveCount(1);
    await p.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    // One event on this page's stream, so the browser has a Last-Event-ID to resume from.
    await control.message(nadia.id, { bot_id: bot.id, text: "Are you still there?" });
    await expect(bubble(p, "Are you still there?")).toHaveCount(1);

    // (A) The network drops: every connection is reset and new ones fail. The browser keeps
    // reconnecting by itself and, once through, resumes with Last-Event-ID.
    gate.drop("reset");
    await expect(streamStatus(p)).toHaveAttribute("data-status", "reconnecting");
    const outage = ["Fourth, the network is down", "Fifth, the network is down"];
    for (const text of outage) await control.message(nadia.id, { bot_id: bot.id, text });
    await expect.poll(() => storedTexts(outage), { timeout: 20_000 }).toEqual(outage);
    for (const text of outage) await expect(bubble(p, text)).toHaveCount(0);
    const resumed = p.waitForResponse(async (r) => r.url().includes("/api/inbox/stream") && r.status() === 200 && /^\d+$/.test((await r.request().allHeaders())["last-event-id"] ?? ""));
    gate.restore();
    await resumed;
    await expect(streamStatus(p)).toHaveAttribute("data-status", "live", { timeout: 20_000 });
    for (const text of outage) await expect(bubble(p, text)).toHaveCount(1, { timeout: 10_000 });

    // (B) The server answers 503 (a reverse proxy whose app restarts): the EventSource gives up
    // (CLOSED), and only the page's own reopen with ?after=<last id seen> brings it back.
    gate.drop("503");
    await expect(streamStatus(p)).toHaveAttribute("data-status", "reconnecting");
    await expect.poll(() => gate.refused.filter((line) => line.includes("/api/inbox/stream")).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const restart = ["Sixth, during the restart", "Seventh, during the restart"];
    for (const text of restart) await control.message(nadia.id, { bot_id: bot.id, text });
    await expect.poll(() => storedTexts(restart), { timeout: 20_000 }).toEqual(restart);
    for (const text of restart) await expect(bubble(p, text)).toHaveCount(0);
    await expect(streamStatus(p)).toHaveAttribute("data-status", "reconnecting");
    const reopened = p.waitForResponse(async (r) => /\/api\/inbox\/stream\?after=\d+$/.test(r.url()) && r.status() === 200 && !(await r.request().allHeaders())["last-event-id"]);
    gate.restore();
    await reopened;
    await expect(streamStatus(p)).toHaveAttribute("data-status", "live", { timeout: 40_000 });
    for (const text of restart) await expect(bubble(p, text)).toHaveCount(1, { timeout: 10_000 });

    const all = [...["First", "Second", "Third"].map((n) => `${n} while you were offline`), "Are you still there?", ...outage, ...restart];
    expect(await shownInOrder(p, all)).toEqual(all);
    await expect(p.getByTestId("conversation-list").getByRole("alert")).toHaveCount(0);
    await expect(item(p, "Nadia Novak")).toContainText("during the restart");
    expect(await p.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // The first page, never cut off, has them all once as well.
    for (const text of [...outage, ...restart]) await expect(bubble(page, text)).toHaveCount(1);
  } finally {
    await p.close();
    await gate.close();
  }
});

test("2. a photo with a caption reaches Telegram once; non-images, files over 10 MB and long captions are refused", async () => {
  const caption = "Here is the spring catalogue, page one";
  const sendPhotos = async () => (await sentTo(nadia)).filter((m) => m.method === "sendPhoto");
  const sentBefore = (await sentTo(nadia)).length;
  const attach = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "📎 Photo" }).click();
    await (await chooser).setFiles(file);
  };
  const alert = (text: string) => page.getByRole("alert").filter({ hasText: text });

  // A real PNG with a caption.
  await attach({ name: "catalogue.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("attached-photo")).toContainText("catalogue.png");
  await expect(page.getByText("0/1024")).toBeVisible();
  await composer(page).fill(caption);
  await page.getByRole("button", { name: "Send photo" }).click();
  await expect(page.getByTestId("attached-photo")).toHaveCount(0);
  const photoBubble = bubbles(page).filter({ has: page.getByTestId("message-photo") });
  await expect(photoBubble).toHaveCount(1);
  await expect(photoBubble).toContainText(caption);
  await expect(photoBubble).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await expect(photoBubble.getByTestId("delivery-state")).toHaveText(/sent$/);
  // The image itself loads (served from the upload) and decodes as the 2×2 PNG.
  await expect.poll(() => photoBubble.getByTestId("message-photo").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
  await expect.poll(async () => (await sendPhotos()).map((m) => m.caption)).toEqual([caption]);
  expect((await sendPhotos())[0]!.photo).toBeTruthy();

  // Not an image, by its type: the composer refuses it before any upload.
  await attach({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just some notes\n") });
  await expect(alert("notes.txt is not a photo Telegram can show: use a JPEG, PNG or WebP image.")).toBeVisible();
  await expect(page.getByTestId("attached-photo")).toHaveCount(0);
  // A PDF renamed .png that also says text/plain: refused the same way.
  await attach({ name: "report.png", mimeType: "text/plain", buffer: PDF });
  await expect(alert("report.png is not a photo Telegram can show: use a JPEG, PNG or WebP image.")).toBeVisible();
  await expect(page.getByTestId("attached-photo")).toHaveCount(0);

  // A PDF renamed .png that claims image/png passes the composer; the server reads the bytes and refuses it.
  await attach({ name: "invoice.png", mimeType: "image/png", buffer: PDF });
  await expect(page.getByTestId("attached-photo")).toContainText("invoice.png");
  await page.getByRole("button", { name: "Send photo" }).click();
  await expect(page.getByText("invoice.png is not a JPEG, PNG or WebP image.")).toBeVisible();
  await page.getByRole("button", { name: "Remove the photo" }).click();
  const url = `/api/inbox/conversations/${conversationId}/messages`;
  const fake = await page.request.post(url, { multipart: { clientId: "e2e-fake-png-1", caption: "", file: { name: "invoice.png", mimeType: "image/png", buffer: PDF } } });
  expect(fake.status()).toBe(400);
  expect(((await fake.json()) as { error: { message: string } }).error.message).toContain("is not a JPEG, PNG or WebP image");
  const text = await page.request.post(url, { multipart: { clientId: "e2e-fake-png-2", file: { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") } } });
  expect(text.status()).toBe(400);
  expect(((await text.json()) as { error: { message: string } }).error.message).toContain("notes.txt is not a JPEG, PNG or WebP image");

  // Over 10 MB: the composer names the limit; so does the server.
  const huge = Buffer.concat([PNG, Buffer.alloc(TEN_MB + 1 - PNG.length)]);
  await attach({ name: "huge.png", mimeType: "image/png", buffer: huge });
  await expect(alert("huge.png is 10.0 MB; photos can be at most 10 MB.")).toBeVisible();
  await expect(page.getByTestId("attached-photo")).toHaveCount(0);
  const big = await page.request.post(url, { multipart: { clientId: "e2e-huge-png-1", file: { name: "huge.png", mimeType: "image/png", buffer: huge } } });
  expect(big.status()).toBe(400);
  expect(((await big.json()) as { error: { message: string } }).error.message).toContain("photos can be at most 10 MB");

  // A caption over 1,024 characters.
  await attach({ name: "catalogue.png", mimeType: "image/png", buffer: PNG });
  const longCaption = "c".repeat(1025);
  await composer(page).fill(longCaption);
  await expect(page.getByText("1025/1024")).toBeVisible();
  await composer(page).press("Enter");
  await expect(alert("Captions can be at most 1024 characters (this one has 1025).")).toBeVisible();
  await expect(page.getByTestId("attached-photo")).toContainText("catalogue.png"); // kept, to shorten the caption
  await expect(composer(page)).toHaveValue(longCaption);
  const long = await page.request.post(url, { multipart: { clientId: "e2e-long-caption-1", caption: longCaption, file: { name: "catalogue.png", mimeType: "image/png", buffer: PNG } } });
  expect(long.status()).toBe(400);
  expect(((await long.json()) as { error: { message: string } }).error.message).toContain("Captions can be at most 1024 characters");
  await page.getByRole("button", { name: "Remove the photo" }).click();
  await composer(page).fill("");

  // Still one photo in the chat and on the server (nothing refused was stored, so nothing is left
  // to deliver), one sendPhoto on Telegram, and nothing else sent.
  await expect(bubbles(page).filter({ has: page.getByTestId("message-photo") })).toHaveCount(1);
  const stored = (await (await page.request.get(url)).json()) as { items: { media: { kind: string } | null; text: string | null }[] };
  expect(stored.items.filter((m) => m.media?.kind === "photo").map((m) => m.text)).toEqual([caption]);
  expect((await sendPhotos()).length).toBe(1);
  expect((await sentTo(nadia)).length).toBe(sentBefore + 1);
  await expectNotReloaded(page);
});

test("3. an internal note shows in amber and never reaches Telegram", async () => {
  const sentBefore = (await sentTo(nadia)).length;
  const note = "Customer sounds upset, offer the 10% voucher";
  await page.getByRole("checkbox", { name: "Internal note" }).check();
  const noteBox = page.getByRole("textbox", { name: "Internal note" });
  await expect(noteBox).toBeVisible();
  await expect(page.getByRole("button", { name: "Add note" })).toBeVisible();
  await expect(page.getByRole("button", { name: "📎 Photo" })).toHaveCount(0);
  await noteBox.fill(note);
  await noteBox.press("Enter");
  await expect(noteBox).toHaveValue("");

  const shown = bubble(page, note);
  await expect(shown).toHaveCount(1);
  await expect(shown).toHaveAttribute("data-state", "note");
  await expect(shown).toContainText(`Internal note · ${AGENT.name}`);
  await expect(shown.getByTestId("delivery-state")).toHaveCount(0);
  await expect(shown).toHaveClass(/\bbg-amber-50\b/);
  await expect(shown).toHaveClass(/\bborder-amber-300\b/);
  // Painted differently from the agent's replies and from the user's messages.
  const background = (l: typeof shown) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  const others = [await background(bubble(page, "Hello, is anyone there?")), await background(bubbles(page).filter({ has: page.getByTestId("message-photo") }))];
  expect(others).not.toContain(await background(shown));

  // Stored as a note (never PENDING, so the delivery job can never pick it up)…
  const r = (await (await agentApi.get(`/api/inbox/conversations/${conversationId}/messages`)).json()) as { items: { text: string | null; state: string; note: boolean }[] };
  expect(r.items.filter((m) => m.text === note)).toEqual([expect.objectContaining({ state: "note", note: true })]);
  // …and a reply written after it is delivered while the note is not.
  await page.getByRole("checkbox", { name: "Internal note" }).uncheck();
  const reply = "Sorry for the wait, Nadia. Let me check that for you.";
  await composer(page).fill(reply);
  await composer(page).press("Enter");
  await expect(bubble(page, reply)).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  expect(await sentTexts(nadia, reply)).toBe(1);
  expect(await sentTexts(nadia, note)).toBe(0);
  expect((await sentTo(nadia)).length).toBe(sentBefore + 1);
});

test("4. a canned reply: /tha suggests it, Enter inserts it, Enter sends it once", async () => {
  const text = "Thank you for writing to us!";
  const created = await agentApi.post("/api/inbox/canned-replies", { data: { shortcut: "thanks", text } });
  expect(created.status()).toBe(201);
  expect(((await created.json()) as { reply: { shortcut: string; text: string } }).reply).toEqual(expect.objectContaining({ shortcut: "thanks", text }));

  const box = composer(page);
  await box.pressSequentially("/tha");
  const suggestions = page.getByRole("list", { name: "Canned replies" });
  await expect(suggestions).toBeVisible();
  await expect(suggestions.getByRole("button")).toHaveCount(1);
  await expect(suggestions.getByRole("button")).toContainText(`/thanks ${text}`);
  await box.press("Enter");
  await expect(box).toHaveValue(text);
  await expect(suggestions).toHaveCount(0);
  await box.press("Enter");
  await expect(box).toHaveValue("");
  await expect(bubble(page, text)).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await expect.poll(() => sentTexts(nadia, text)).toBe(1);
  await expect(bubble(page, text)).toHaveCount(1);
  expect((await sentTo(nadia)).filter((m) => m.text?.startsWith("/tha")).length).toBe(0);
});

test("4b. canned replies: a reply added meanwhile shows when the list opens; Up/Down move the highlight, Enter inserts it, Escape closes; an unmatched /word needs a second Enter", async () => {
  // Added after this page first opened the list (test 4): it shows the next time the list opens.
  const created = await agentApi.post("/api/inbox/canned-replies", { data: { shortcut: "thx", text: "Thanks a lot!" } });
  expect(created.status()).toBe(201);
  const box = composer(page);
  const suggestions = page.getByRole("list", { name: "Canned replies" });
  const highlighted = suggestions.locator("[data-highlighted=true]");

  await box.fill("");
  await box.pressSequentially("/th");
  await expect(suggestions.getByRole("button")).toHaveCount(2);
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toContainText("/thanks");
  await box.press("ArrowDown");
  await expect(highlighted).toContainText("/thx");
  await box.press("ArrowDown"); // wraps round
  await expect(highlighted).toContainText("/thanks");
  await box.press("ArrowUp");
  await expect(highlighted).toContainText("/thx");
  await box.press("Enter");
  await expect(box).toHaveValue("Thanks a lot!");
  await expect(suggestions).toHaveCount(0);

  await box.fill("");
  await box.pressSequentially("/tha");
  await expect(suggestions).toBeVisible();
  await box.press("Escape");
  await expect(suggestions).toHaveCount(0);
  await expect(box).toHaveValue("/tha");

  // Nothing matches: Enter says so and sends nothing; a second Enter sends the text as typed.
  const shown = await bubbles(page).count();
  await box.fill("");
  await box.pressSequentially("/xyz");
  const noMatch = page.getByTestId("canned-no-match");
  await expect(noMatch).toContainText("No canned reply matches /xyz");
  await box.press("Enter");
  await expect(noMatch).toContainText("Press Enter again to send it as typed.");
  await expect(box).toHaveValue("/xyz");
  expect(await bubbles(page).count()).toBe(shown);
  await box.press("Enter");
  await expect(box).toHaveValue("");
  await expect(bubble(page, "/xyz")).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  // Ctrl+Enter sends as typed at once.
  await box.pressSequentially("/nope");
  await expect(noMatch).toBeVisible();
  await box.press("Control+Enter");
  await expect(box).toHaveValue("");
  await expect(bubble(page, "/nope")).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await expect.poll(() => sentTexts(nadia, "/xyz")).toBe(1);
  expect(await sentTexts(nadia, "/nope")).toBe(1);
  expect(await sentTexts(nadia, "Thanks a lot!")).toBe(0);
  await box.fill("");
});

test("4c. a closed conversation offers Reopen instead of the composer; toasts never cover the Send button", async () => {
  await page.getByRole("button", { name: "Close conversation" }).click();
  const disabled = page.getByTestId("composer-disabled");
  await expect(disabled).toContainText("This conversation is closed. Reopen it to reply.");
  await expect(composer(page)).toHaveCount(0);
  await disabled.getByRole("button", { name: "Reopen conversation" }).click();
  await expect(composer(page)).toBeVisible();
  await expect(page.locator("header").filter({ has: page.getByTestId("chat-title") })).toContainText("open · ");
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Conversation reopened." });
  await expect(toast).toBeVisible();
  const [t, send] = [await toast.boundingBox(), await page.getByRole("button", { name: "Send", exact: true }).boundingBox()];
  expect(t && send).toBeTruthy();
  const overlaps = t!.x < send!.x + send!.width && send!.x < t!.x + t!.width && t!.y < send!.y + send!.height && send!.y < t!.y + t!.height;
  expect(overlaps).toBe(false);
});

test("4d. at 900 px the chat keeps its room: the details panel opens behind a toggle; at 1280 px it is beside the chat", async () => {
  const details = page.getByRole("complementary", { name: "Conversation details" });
  const chat = page.getByRole("region", { name: "Chat" });
  try {
    await page.setViewportSize({ width: 900, height: 720 });
    await expect(details).toBeHidden();
    expect((await chat.boundingBox())!.width).toBeGreaterThanOrEqual(380);
    await expect(composer(page)).toBeVisible();
    await page.getByRole("button", { name: "Details", exact: true }).click();
    await expect(details).toBeVisible();
    await expect(details.getByRole("combobox", { name: "Assignee" })).toBeVisible();
    await page.getByRole("button", { name: "Close details" }).click();
    await expect(details).toBeHidden();
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await expect(details).toBeVisible();
  await expect(page.getByRole("button", { name: "Details", exact: true })).toBeHidden();
  expect((await chat.boundingBox())!.width).toBeGreaterThanOrEqual(380);
});

test("5. bulk tagging from the Users table adds a tag to two users, with who added it, and removes it", async () => {
  // The Users table of a real console already has tags: one exists before the bulk action.
  const existing = await agentApi.post("/api/tags", { data: { name: "newsletter" } });
  expect([201, 409]).toContain(existing.status());
  const oskar = await control.createUser({ first_name: "Oskar", last_name: "Olsen", username: "oskar_more_e2e", language_code: "de" });
  await control.start(oskar.id, { bot_id: bot.id });
  await expect
    .poll(async () => ((await (await agentApi.get("/api/users?q=Oskar")).json()) as { rows: { name: string }[] }).rows.map((r) => r.name), { timeout: 20_000 })
    .toContain("Oskar Olsen");

  const tag = "wave-7 promo";
  const users = await context.newPage();
  await users.goto("/users");
  const row = (name: string) => users.getByTestId("user-row").filter({ hasText: name });
  const names = ["Nadia Novak", "Oskar Olsen"];
  for (const name of names) await expect(row(name)).toHaveCount(1);
  for (const name of names) await users.getByRole("checkbox", { name: `Select ${name}` }).check();
  const bar = users.getByTestId("bulk-tag-bar");
  await expect(bar).toContainText("2 selected");
  await expect(bar.getByRole("combobox", { name: "Bulk tag action" })).toHaveValue("add");
  await bar.getByRole("combobox", { name: "Bulk tag action" }).selectOption({ label: "Add tag" });
  const picker = bar.getByRole("combobox", { name: "Add a tag" });
  // Typing shows matching tags…
  await picker.fill("n");
  await expect(bar.getByRole("listbox").getByRole("option", { name: "newsletter" })).toBeVisible();
  // …then the new name, entered at once (pasted, or typed fast): Enter creates that tag.
  await picker.fill(tag);
  await expect(bar.getByRole("listbox").getByRole("option", { name: `Create “${tag}”` })).toBeVisible();
  await picker.press("Enter");
  await expect(users.getByText(`Tagged 2 users (“${tag}”).`)).toBeVisible();
  await expect(bar).toHaveCount(0); // the selection is cleared
  for (const name of names) await expect(row(name).getByTestId("user-tags")).toContainText(tag);
  for (const name of names) await expect(row(name).getByTestId("user-tags")).not.toContainText("newsletter");
  // Nobody else got it.
  await expect(users.getByTestId("user-tags").filter({ hasText: tag })).toHaveCount(2);

  for (const name of names) {
    await row(name).getByRole("link", { name: new RegExp(name) }).click();
    const profileTag = users.getByTestId("profile-tag").filter({ hasText: tag });
    await expect(profileTag).toBeVisible();
    await expect(profileTag).toContainText(`agent · ${AGENT.name}`);
    await expect(users.getByTestId("timeline")).toContainText("tag_added");
    await users.goBack();
    await expect(row(name)).toHaveCount(1);
  }

  // Remove it in bulk.
  await users.reload();
  for (const name of names) await users.getByRole("checkbox", { name: `Select ${name}` }).check();
  await bar.getByRole("combobox", { name: "Bulk tag action" }).selectOption({ label: "Remove tag" });
  await picker.fill(tag);
  await expect(bar.getByRole("listbox").getByRole("option")).toHaveCount(1);
  await expect(bar.getByRole("listbox").getByRole("option", { name: tag, exact: true })).toBeVisible();
  await picker.press("Enter");
  await expect(users.getByText(`Removed the tag from 2 users (“${tag}”).`)).toBeVisible();
  for (const name of names) await expect(row(name).getByTestId("user-tags")).not.toContainText(tag);
  await row("Oskar Olsen").getByRole("link", { name: /Oskar Olsen/ }).click();
  await expect(users.getByRole("heading", { name: "Oskar Olsen" })).toBeVisible();
  await expect(users.getByTestId("profile-tag").filter({ hasText: tag })).toHaveCount(0);
  await expect(users.getByTestId("timeline")).toContainText("tag_removed");
  await users.close();
});

test("6. handoff: a keyword opens the chat for agents; while an agent handles it the bot is quiet; closing it lets the bot answer again", async () => {
  const saved = await adminApi.put("/api/settings/inbox", { data: { handoffKeywords: ["operator"], pauseBotWhileHandled: true, autoAssign: "off" } });
  expect(saved.status()).toBe(200);
  expect(((await saved.json()) as { settings: unknown }).settings).toEqual({ handoffKeywords: ["operator"], pauseBotWhileHandled: true, autoAssign: "off" });
  const MENU = "What would you like to see?"; // the default /menu answer (lib/telegram/default-handlers.ts)

  const hana = await control.createUser({ first_name: "Hana", last_name: "Hoffmann", username: "hana_more_e2e", language_code: "en" });
  await control.start(hana.id, { bot_id: bot.id });
  await expect.poll(() => sentTexts(hana, "Hi Hana! What would you like to see?"), { timeout: 20_000 }).toBe(1); // the bot answers on its own

  const handoffOf = async () => {
    const list = (await (await agentApi.get("/api/inbox/conversations?view=unassigned")).json()) as { items: { user: { name: string }; handoff: boolean; status: string }[] };
    return list.items.find((c) => c.user.name === "Hana Hoffmann");
  };
  await expect.poll(handoffOf).toEqual(expect.objectContaining({ handoff: false, status: "open" }));

  await page.getByRole("tab", { name: /^Unassigned/ }).click();
  await expect(item(page, "Hana Hoffmann").getByTestId("handoff-badge")).toHaveCount(0);
  const ask = "I need an operator please";
  await control.message(hana.id, { bot_id: bot.id, text: ask });
  await expect(item(page, "Hana Hoffmann")).toContainText(ask, { timeout: 20_000 });
  await expect(item(page, "Hana Hoffmann")).toContainText("unassigned");
  expect(await handoffOf()).toEqual(expect.objectContaining({ handoff: true, status: "open" }));
  await expect(item(page, "Hana Hoffmann").getByTestId("handoff-badge")).toHaveText("wants a human");

  // The agent replies, which takes the chat.
  await item(page, "Hana Hoffmann").click();
  await expect(page.getByTestId("chat-title")).toHaveText("Hana Hoffmann");
  const reply = "Hi Hana, I am here. How can I help?";
  await composer(page).fill(reply);
  await composer(page).press("Enter");
  await expect(bubble(page, reply)).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await expect(page.getByRole("combobox", { name: "Assignee" })).toHaveValue(/.+/);
  await expect(page.getByText(`assigned to ${AGENT.name}`)).toBeVisible();
  await page.getByRole("tab", { name: /^All/ }).click();
  await expect(item(page, "Hana Hoffmann").getByTestId("handoff-badge")).toHaveCount(0); // a person has it and answered

  // /menu while the agent handles it: stored and shown, and the worker finishes its job without a bot reply.
  await control.message(hana.id, { bot_id: bot.id, text: "/menu" });
  await expect(bubble(page, "/menu")).toHaveCount(1);
  await expect.poll(() => updateJobStates(hana.id, "/menu"), { timeout: 20_000 }).toEqual(["completed"]);
  expect(await sentTexts(hana, MENU)).toBe(0);

  // The agent closes it: the user's next /menu reopens it, and the bot answers again.
  await page.getByRole("button", { name: "Close conversation" }).click();
  await expect(page.getByText("Conversation closed.")).toBeVisible();
  await expect(page.getByTestId("composer-disabled")).toContainText("closed");
  await control.message(hana.id, { bot_id: bot.id, text: "/menu" });
  await expect.poll(() => sentTexts(hana, MENU), { timeout: 20_000 }).toBe(1);
  await expect(bubbles(page).filter({ hasText: /^What would you like to see\?/ })).toHaveCount(1); // shown in the chat, from the bot

  // The agent replies again: they have the chat again, and the bot is quiet again.
  const again = "Back again, Hana? Tell me.";
  await composer(page).fill(again);
  await composer(page).press("Enter");
  await expect(bubble(page, again)).toHaveAttribute("data-state", "sent", { timeout: 20_000 });
  await control.message(hana.id, { bot_id: bot.id, text: "/menu" });
  await expect(bubble(page, "/menu")).toHaveCount(3);
  await expect.poll(() => updateJobStates(hana.id, "/menu"), { timeout: 20_000 }).toEqual(["completed", "completed", "completed"]);
  expect(await sentTexts(hana, MENU)).toBe(1);
  expect(await sentTexts(hana, reply)).toBe(1);
  expect(await sentTexts(hana, again)).toBe(1);
  await expectNotReloaded(page);
});
