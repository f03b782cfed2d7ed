// The flow editor end to end. (1) A marketer builds the interest-selection flow on an
// empty canvas with the mouse — palette, side-panel forms, handles dragged onto inputs —
// and publishes it; a simulated user sends /start on the emulator, gets the menu, presses
// "Tech", and within 2 s the open Users table shows the tag Interest-Tech, applied by the flow.
// (2) A flow with problems cannot be published: the editor shows them on the nodes and
// disables Publish; the API refuses it naming the node; a problem only the server sees
// (the same /start as a published flow) is refused and listed on the canvas too.
// (3) Edits autosave, survive a reload, and undo/redo.
import type pg from "pg";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./config";
import { uiLogin } from "./auth";
import { adminWithBot, e2eDatabase } from "./setup";
import { EmulatorControl, type BotView, type SentMessageView } from "../../lib/emulator/client";
import type { TgInlineKeyboardButton } from "../../lib/emulator/types";

const control = new EmulatorControl(E2E.emulatorUrl);
const FLOW_NAME = "Interests (built by hand)";
const VIEWPORT = { width: 1680, height: 1050 };

let adminApi: APIRequestContext;
let db: pg.Client;
let bot: BotView;
let botRowId: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  ({ adminApi, bot, botRowId } = await adminWithBot(control, "e2e_flows_bot", "E2E Flows"));
  db = await e2eDatabase();
});

test.afterAll(async () => {
  await adminApi?.dispose();
  await db?.end();
});

/** The inline buttons of a message the bot sent. */
function buttons(m: SentMessageView | undefined): TgInlineKeyboardButton[] {
  const markup = m?.reply_markup as { inline_keyboard?: TgInlineKeyboardButton[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
/** The node's frame (problems are on it as data-problems). */
const frame = (page: Page, id: string) => node(page, id).getByTestId("flow-node");
const inspector = (page: Page) => page.getByTestId("node-inspector");

/** Adds a step from the palette (after the selected step, if any) and waits for it on the canvas. */
async function add(page: Page, type: string, id: string) {
  await page.getByTestId(`palette-${type}`).click();
  await expect(node(page, id)).toBeVisible();
  await expect(inspector(page)).toHaveAttribute("data-node-id", id);
}

/** Clicks the canvas's empty corner: nothing selected, so the next palette click adds a free step. */
async function deselect(page: Page) {
  await page.getByTestId("flow-canvas").locator(".react-flow__pane").click({ position: { x: 8, y: 8 } });
  await expect(inspector(page)).toHaveCount(0);
}

async function select(page: Page, id: string) {
  await node(page, id).locator("header").click();
  await expect(inspector(page)).toHaveAttribute("data-node-id", id);
}

async function fit(page: Page) {
  await page.getByRole("button", { name: "Zoom to fit" }).click();
  await page.waitForTimeout(450); // the 300 ms animation
}

/** Drags from an output's handle to a node's input handle, as a person would. */
async function connect(page: Page, from: string, output: string, to: string) {
  const edges = await page.locator(".react-flow__edge").count();
  const a = await page.getByTestId(`handle-${from}-${output}`).boundingBox();
  const b = await page.getByTestId(`handle-${to}-in`).boundingBox();
  if (!a || !b) throw new Error(`handle ${from}/${output} or ${to}/in is not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(edges + 1);
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
}

async function newFlow(page: Page, name: string) {
  await page.goto("/flows");
  await page.getByRole("button", { name: "New flow" }).click();
  const dialog = page.getByRole("dialog", { name: "New flow" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  if (await dialog.getByLabel("Bot").count()) await dialog.getByLabel("Bot").selectOption({ label: `@${bot.username}` });
  await expect(dialog.getByRole("radio", { name: /Blank/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await expect(page).toHaveURL(/\/flows\/[a-z0-9]+$/);
  await expect(page.getByTestId("flow-canvas")).toBeVisible();
  return page.url().split("/").pop()!;
}

test("build the interest-selection flow on an empty canvas, publish it; a user's click on Tech tags them within 2 s", async ({ browser }) => {
  test.setTimeout(150_000); // about 40 mouse-driven steps
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);
  await newFlow(page, FLOW_NAME);
  await expect(page.getByText("An empty flow")).toBeVisible();
  await expect(page.getByTestId("flow-status")).toHaveText("Draft");

  // /start → a menu of three interests
  await add(page, "command", "n1");
  await inspector(page).getByLabel("Command", { exact: true }).fill("start");
  // Nothing selected: the menu is added on its own (connected by hand below).
  await deselect(page);
  await add(page, "send-menu", "n2");
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);
  await inspector(page).getByLabel("Question", { exact: true }).fill("Hi! What are you interested in?");
  await inspector(page).getByLabel("Option 1 label").fill("Tech");
  await inspector(page).getByLabel("Option 2 label").fill("Sport");
  await inspector(page).getByRole("button", { name: "+ Add option" }).click();
  await inspector(page).getByLabel("Option 3 label").fill("Music");
  await expect(node(page, "n2").getByLabel("Outputs")).toHaveText(/Tech.*Sport.*Music/);

  // Each option: add the tag Interest-<name>, then say thanks.
  const interests = ["Tech", "Sport", "Music"];
  for (const [i, name] of interests.entries()) {
    await fit(page);
    await select(page, "n2");
    await add(page, "add-tag", `n${3 + i}`);
    await inspector(page).getByLabel("Tag", { exact: true }).fill(`Interest-${name}`);
  }
  for (const [i] of interests.entries()) {
    await fit(page);
    await select(page, `n${3 + i}`);
    await add(page, "send-message", `n${6 + i}`);
    await inspector(page).getByLabel("Text", { exact: true }).fill("Thanks!");
  }

  // A step added from the palette while a step is selected follows it: connected from the
  // selected step's first free output (Tech, Sport, Music, then each tag's "next").
  await expect(page.locator(".react-flow__edge")).toHaveCount(6);
  // (the menu's options are all connected: its first problem is only that no trigger leads to it yet)
  await expect(node(page, "n2").getByTestId("node-first-problem")).toContainText("No trigger leads here");
  // The trigger, added alone, is not connected yet: the canvas says so.
  await expect(frame(page, "n1")).toHaveAttribute("data-problems", "error");
  await expect(node(page, "n1").getByTestId("node-first-problem")).toContainText("leads nowhere");
  await expect(page.getByTestId("publish")).toBeDisabled();

  await fit(page);
  await connect(page, "n1", "next", "n2");
  await expect(page.getByTestId("issues-toggle")).toHaveText("✓ No problems");
  for (const id of ["n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"]) await expect(frame(page, id)).toHaveAttribute("data-problems", "none");
  await waitSaved(page);

  // Publish (asks first, saying what goes live).
  await page.getByTestId("publish").click();
  const dialog = page.getByRole("dialog", { name: "Publish this flow?" });
  await expect(dialog).toContainText("Command: /start");
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("flow-status")).toHaveText("Published · v1");

  // A user starts the bot and gets the menu.
  const user = await control.createUser({ first_name: "Flo", last_name: "Techfan", username: "flo_flows_e2e", language_code: "en" });
  await control.start(user.id, { bot_id: bot.id });
  let menu: SentMessageView | undefined;
  await expect
    .poll(async () => {
      menu = (await control.inbox(user.id, bot.id)).find((m) => m.text?.includes("What are you interested in?"));
      return buttons(menu).map((b) => b.text);
    }, { timeout: 15_000 })
    .toEqual(["Tech", "Sport", "Music"]);
  const tech = buttons(menu).find((b) => b.text === "Tech")!;

  // The Users table is open before the click; within 2 s of the click it shows the tag
  // (it follows tag changes live), without a reload.
  const users = await context.newPage();
  await users.goto("/users?q=flo_flows_e2e");
  const row = users.getByTestId("user-row").filter({ hasText: "Flo Techfan" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("user-tags")).not.toContainText("Interest-Tech");
  await users.waitForTimeout(500); // the page's live stream connects
  await control.click(user.id, { bot_id: bot.id, message_id: menu!.message_id, data: String(tech.callback_data) });
  const clickedAt = Date.now();
  await expect(row.getByTestId("user-tags")).toContainText("Interest-Tech", { timeout: 2_000 });
  expect(Date.now() - clickedAt).toBeLessThan(2_000);

  // Recorded as applied by the flow, by its name.
  const applied = await db.query<{ via: string; ref: string }>(
    `SELECT ut."appliedVia"::text AS via, ut."appliedByRef" AS ref FROM "UserTag" ut JOIN "Tag" t ON t."id" = ut."tagId" JOIN "TelegramUser" u ON u."id" = ut."telegramUserId"
     WHERE u."botId" = $1 AND u."telegramId" = $2 AND t."name" = 'Interest-Tech'`,
    [botRowId, user.id],
  );
  expect(applied.rows).toEqual([{ via: "FLOW", ref: FLOW_NAME }]);
  await row.getByRole("link", { name: /Flo Techfan/ }).click();
  await expect(users.getByTestId("profile-tag").filter({ hasText: "Interest-Tech" })).toContainText(`flow · ${FLOW_NAME}`);
  // And thanked.
  await expect.poll(async () => (await control.inbox(user.id, bot.id)).some((m) => m.text === "Thanks!"), { timeout: 10_000 }).toBe(true);

  // The canvas counts who reached each step.
  await page.reload();
  await expect(node(page, "n3").getByTestId("node-stats")).toContainText("1");
  await context.close();
});

test("a flow with problems is not published: they show on the canvas, the API refuses it naming the node, nothing half-saved", async ({ browser }) => {
  // /start → a menu whose second option leads nowhere (and /start is already live in the first flow).
  const created = await adminApi.post("/api/flows", { data: { botId: botRowId, name: "Broken menu" } });
  expect(created.status()).toBe(201);
  const flowId = ((await created.json()) as { flow: { id: string } }).flow.id;
  const draft = {
    version: 2,
    nodes: [
      { id: "n1", type: "command", position: { x: 0, y: 0 }, data: { command: "start", payload: "any", value: "" } },
      { id: "n2", type: "send-menu", position: { x: 340, y: 0 }, data: { text: "Pick one", options: [{ id: "o1", label: "Tech" }, { id: "o2", label: "Sport" }], columns: 2 } },
      { id: "n3", type: "send-message", position: { x: 700, y: 0 }, data: { text: "Thanks!", photo: "", buttons: [], disablePreview: false } },
    ],
    edges: [
      { id: "e1", source: "n1", sourceHandle: "next", target: "n2" },
      { id: "e2", source: "n2", sourceHandle: "opt-o1", target: "n3" },
    ],
  };
  const saved = await adminApi.put(`/api/flows/${flowId}`, { data: { draft, baseRevision: 0 } });
  expect(saved.status()).toBe(200);

  // An invalid document is refused naming the node, and nothing of it is stored.
  const bad = { ...draft, nodes: draft.nodes.map((n) => (n.id === "n2" ? { ...n, data: { ...n.data, options: [] } } : n)) };
  const refused = await adminApi.put(`/api/flows/${flowId}`, { data: { draft: bad, baseRevision: 1 } });
  expect(refused.status()).toBe(400);
  const refusedBody = (await refused.json()) as { error: { message: string; details: { issues: { nodeId: string | null }[] } } };
  expect(refusedBody.error.message).toContain("n2");
  expect(refusedBody.error.details.issues[0]?.nodeId).toBe("n2");
  const stored = (await (await adminApi.get(`/api/flows/${flowId}`)).json()) as { flow: { draftRevision: number; draft: typeof draft } };
  expect(stored.flow.draftRevision).toBe(1);
  expect(stored.flow.draft.nodes[1]?.data.options).toHaveLength(2);

  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);
  await page.goto(`/flows/${flowId}`);
  await expect(frame(page, "n2")).toHaveAttribute("data-problems", "error");
  await expect(node(page, "n2").getByTestId("node-first-problem")).toContainText("“Sport” is not connected");
  await expect(page.getByTestId("publish")).toBeDisabled();
  await expect(page.getByTestId("publish")).toContainText("1");

  // The problems list: choosing one selects its step.
  await page.getByTestId("issues-toggle").click();
  const panel = page.getByTestId("issues-panel");
  await expect(panel.getByTestId("issue").filter({ hasText: "“Sport” is not connected" })).toBeVisible();
  await panel.getByTestId("issue").filter({ hasText: "“Sport” is not connected" }).getByRole("button").click();
  await expect(inspector(page)).toHaveAttribute("data-node-id", "n2");
  await expect(inspector(page).getByTestId("inspector-problems")).toContainText("“Sport” is not connected");

  // The API refuses to publish it, naming the node.
  const publish = await adminApi.post(`/api/flows/${flowId}/publish`, { data: {} });
  expect(publish.status()).toBe(400);
  const publishBody = (await publish.json()) as { error: { details: { issues: { nodeId: string | null; severity: string; message: string }[] } } };
  expect(publishBody.error.details.issues).toContainEqual(expect.objectContaining({ nodeId: "n2", severity: "error" }));

  // Fixed in the editor, only the server's objection is left: /start is live in the first flow.
  await fit(page);
  await connect(page, "n2", "opt-o2", "n3");
  await expect(frame(page, "n2")).toHaveAttribute("data-problems", "none");
  await waitSaved(page);
  await expect(page.getByTestId("publish")).toBeEnabled();
  await page.getByTestId("publish").click();
  const dialog = page.getByRole("dialog", { name: "Publish this flow?" });
  await dialog.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Publishing was refused/)).toBeVisible();
  await expect(frame(page, "n1")).toHaveAttribute("data-problems", "error");
  await expect(panel.getByTestId("issue").filter({ hasText: `already answered by the published flow “${FLOW_NAME}”` })).toBeVisible();
  await expect(page.getByTestId("flow-status")).toHaveText("Draft");
  await context.close();
});

test("edits autosave and survive a reload; undo and redo; deleting a step removes its connections", async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await uiLogin(page, E2E.staff.MARKETER);
  const flowId = await newFlow(page, "Autosave check");
  await add(page, "keyword", "n1");
  await inspector(page).getByLabel("Keyword", { exact: true }).fill("price");
  await deselect(page);
  await add(page, "send-message", "n2");
  await inspector(page).getByLabel("Text", { exact: true }).fill("Our prices: <b>cheap</b>");
  await fit(page);
  await connect(page, "n1", "next", "n2");
  await waitSaved(page);

  // Undo the connection, redo it (toolbar and keyboard).
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+Z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  // Delete the message step with the keyboard: its connection goes too; undo brings both back.
  await select(page, "n2");
  await page.keyboard.press("Delete");
  await expect(node(page, "n2")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(0);
  await page.keyboard.press("Control+Z");
  await expect(node(page, "n2")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await waitSaved(page);

  await page.reload();
  await expect(node(page, "n2")).toContainText("Our prices: cheap");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  const stored = (await (await adminApi.get(`/api/flows/${flowId}`)).json()) as { flow: { draft: { nodes: { id: string; data: { value?: string } }[] } } };
  expect(stored.flow.draft.nodes.find((n) => n.id === "n1")?.data.value).toBe("price");

  // A field the schema refuses is kept in the editor but not sent.
  await select(page, "n1");
  await inspector(page).getByLabel("Keyword", { exact: true }).fill("");
  await expect(page.getByTestId("save-status")).toHaveText("Fix the highlighted fields to save");
  await expect(inspector(page).getByRole("alert").first()).toBeVisible();
  await inspector(page).getByLabel("Keyword", { exact: true }).fill("prices");
  await waitSaved(page);
  await context.close();
});

test("at 900 px the canvas keeps its room; an edit the draft cannot take yet is named as the form names it and survives a reload", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await uiLogin(page, E2E.staff.MARKETER);
  await newFlow(page, "Narrow window check");

  // The palette is a rail of icons, the inspector only opens over the canvas for a selection.
  await expect(page.getByTestId("node-palette")).toHaveAttribute("data-compact", "true");
  await expect(page.getByTestId("inspector")).toHaveCount(0);
  const canvas = await page.getByTestId("flow-canvas").boundingBox();
  expect(canvas!.width).toBeGreaterThan(560);
  await expect(page.getByTestId("flow-canvas")).toHaveAttribute("data-minimap", "hidden");
  await expect(page.getByTestId("flow-title")).toHaveText("Narrow window check");
  // The name keeps at least 10rem (a longer one is cut with an ellipsis; the full name is its title).
  expect((await page.getByTestId("flow-title").boundingBox())!.width).toBeGreaterThanOrEqual(159);
  await expect(page.getByTestId("flow-title")).toHaveAttribute("title", "Narrow window check");

  await add(page, "send-menu", "n1");
  await expect(page.getByTestId("inspector")).toHaveAttribute("data-overlay", "true");
  await waitSaved(page);
  await page.screenshot({ path: "test-results/flow-editor-900.png" });
  await inspector(page).getByLabel("Option 2 label").fill("");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "invalid");
  await page.getByTestId("issues-toggle").click();
  await expect(page.getByTestId("issues-panel")).toContainText("Option 2 label: an option needs a label");
  await expect(page.getByTestId("issues-panel")).not.toContainText("options[1]");

  await page.reload();
  await expect(page.getByText(/Restored your unsaved changes/)).toBeVisible();
  await select(page, "n1");
  await expect(inspector(page).getByLabel("Option 2 label")).toHaveValue("");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "invalid");
  await inspector(page).getByLabel("Option 2 label").fill("Later");
  await waitSaved(page);
  await page.reload();
  await select(page, "n1");
  await expect(inspector(page).getByLabel("Option 2 label")).toHaveValue("Later");
  await expect(page.getByText(/Restored your unsaved changes/)).toHaveCount(0);
  await context.close();
});
