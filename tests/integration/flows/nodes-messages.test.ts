// Message nodes against the emulator: send-message (HTML formatting, tokens, a photo, URL
// and callback buttons, each callback button leading to its own output), send-menu (an
// output per option), end; node visits for the canvas' 7-day counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { flowStats } from "@/lib/flows/flow-stats";
import { flow, node } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { newUser, press, publish, runsOf, send, start, startFlowHarness, texts, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_messages_bot", { limits: { enabled: false } });
});
afterAll(async () => h?.close());

type TButton = { text: string; url?: string; callback_data?: string };
const keyboard = (m: { reply_markup?: unknown }) => ((m.reply_markup as { inline_keyboard?: TButton[][] } | undefined)?.inline_keyboard ?? []);

describe("send-message", () => {
  let flowId = "";
  let versionId = 0;
  beforeAll(async () => {
    const doc = flow(
      [
        node("t1", "command", { command: "hello" }),
        node("m1", "send-message", {
          text: "<b>Hello</b> {first_name|friend}, <i>welcome</i> to <a href=\"https://example.com\">our shop</a>!",
          buttons: [
            [
              { id: "yes", kind: "callback", text: "Yes please" },
              { id: "no", kind: "callback", text: "No thanks" },
            ],
            [{ id: "site", kind: "url", text: "Open site", url: "https://example.com/u/{telegram_id}?n={first_name}" }],
          ],
        }),
        node("pic", "send-message", { text: "<i>Our cat</i>, {first_name}", photo: "https://example.com/cat.jpg" }),
        node("yesMsg", "send-message", { text: "Great, {first_name}!" }),
        node("noMsg", "send-message", { text: "Maybe later then." }),
        node("x", "end"),
      ],
      [
        ["t1", "next", "m1"],
        ["m1", "next", "pic"],
        ["m1", "btn-yes", "yesMsg"],
        ["m1", "btn-no", "noMsg"],
        ["pic", "next", "x"],
        ["yesMsg", "next", "x"],
      ],
    );
    const f = await publish(h, "Greeting", doc);
    flowId = f.id;
    versionId = (await db().flow.findUniqueOrThrow({ where: { id: flowId }, select: { publishedVersionId: true } })).publishedVersionId!;
  });

  it("sends formatted HTML with the user's name, then a photo with its caption; no run is kept for a flow that does not wait", async () => {
    const user = await newUser(h, "Ana");
    await start(h, user);
    await send(h, user, "/hello");
    const sent = await h.control.sent(h.emuBot.id, user.id);
    const hello = sent.at(-2)!;
    expect(hello.text).toBe(`Hello ${user.first_name}, welcome to our shop!`);
    expect(hello.parse_mode).toBe("HTML");
    expect(hello.entities?.map((e) => e.type)).toEqual(["bold", "italic", "text_link"]);
    const photo = sent.at(-1)!;
    expect(photo.method).toBe("sendPhoto");
    expect(photo.photo).toEqual(expect.any(String));
    expect(photo.caption).toBe(`Our cat, ${user.first_name}`);
    expect(photo.parse_mode).toBe("HTML");
    expect(await runsOf(h, user)).toEqual([]);

    // Both are recorded as the bot's outgoing messages in the inbox history, delivered.
    const out = await db().message.findMany({ where: { conversation: { botId: h.botId, chatId: BigInt(user.id) }, direction: "OUT" }, orderBy: { id: "asc" }, select: { text: true, deliveryState: true, media: true } });
    expect(out.slice(-2).map((m) => [m.deliveryState, m.media !== null])).toEqual([
      ["SENT", false],
      ["SENT", true],
    ]);
  });

  it("URL buttons carry the templated link; each callback button has its own flow data", async () => {
    const user = await newUser(h, "Bo");
    await start(h, user);
    await send(h, user, "/hello");
    const hello = (await h.control.sent(h.emuBot.id, user.id)).find((m) => m.text?.startsWith("Hello"))!;
    const rows = keyboard(hello);
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([["Yes please", "No thanks"], ["Open site"]]);
    expect(rows[0]![0]!.callback_data).toBe(`f:${versionId}:m1:btn-yes`);
    expect(rows[0]![1]!.callback_data).toBe(`f:${versionId}:m1:btn-no`);
    expect(rows[1]![0]!.url).toBe(`https://example.com/u/${user.id}?n=${encodeURIComponent(user.first_name)}`);
  });

  it("each callback button continues from its own output, also after another button was pressed", async () => {
    const user = await newUser(h, "Cy");
    await start(h, user);
    await send(h, user, "/hello");
    await press(h, user, "Yes please");
    expect((await texts(h, user)).at(-1)).toBe(`Great, ${user.first_name}!`);
    await press(h, user, "No thanks");
    expect((await texts(h, user)).at(-1)).toBe("Maybe later then.");
    // The callback was answered (the spinner stops).
    const answered = (await h.control.callbacks(h.emuBot.id)).filter((c) => c.user_id === user.id);
    expect(answered).toHaveLength(2);
    expect(answered.every((c) => c.answered)).toBe(true);
  });

  it("a user's name is escaped: it can never break the markup", async () => {
    const user = await h.control.createUser({ first_name: "<b>Eve</b> & <i>co", username: `eve_${Date.now() % 100000}` });
    await start(h, user);
    await send(h, user, "/hello");
    const hello = (await h.control.sent(h.emuBot.id, user.id)).find((m) => m.text?.startsWith("Hello"))!;
    expect(hello.text).toBe("Hello <b>Eve</b> & <i>co, welcome to our shop!");
    expect(hello.entities?.map((e) => e.type)).toEqual(["bold", "italic", "text_link"]);
  });

  it("counts the users who reached each node (the canvas' 7-day counts)", async () => {
    const stats = await flowStats(flowId);
    expect(stats.days).toBe(7);
    expect(stats.nodes.t1).toBe(4);
    expect(stats.nodes.m1).toBe(4);
    expect(stats.nodes.yesMsg).toBe(1);
    expect(stats.nodes.noMsg).toBe(1);
    expect(stats.nodes.x).toBe(4);
  });
});

describe("send-menu", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Menu",
      flow(
        [
          node("t1", "command", { command: "shop" }),
          node("menu", "send-menu", {
            text: "What are you after, <b>{first_name}</b>?",
            columns: 2,
            options: [
              { id: "shoes", label: "Shoes" },
              { id: "hats", label: "Hats" },
              { id: "bags", label: "Bags" },
            ],
          }),
          node("s", "send-message", { text: "Shoes it is." }),
          node("hh", "send-message", { text: "Hats it is." }),
          node("b", "send-message", { text: "Bags it is." }),
          node("x", "end"),
        ],
        [
          ["t1", "next", "menu"],
          ["menu", "opt-shoes", "s"],
          ["menu", "opt-hats", "hh"],
          ["menu", "opt-bags", "b"],
          ["s", "next", "x"],
        ],
      ),
    );
  });

  it("sends the options in rows of `columns`, and each option goes its own way", async () => {
    const user = await newUser(h, "Di");
    await start(h, user);
    await send(h, user, "/shop");
    const menu = (await h.control.sent(h.emuBot.id, user.id)).at(-1)!;
    expect(menu.text).toBe(`What are you after, ${user.first_name}?`);
    expect(keyboard(menu).map((r) => r.map((b) => b.text))).toEqual([["Shoes", "Hats"], ["Bags"]]);
    // A menu leaves no waiting run: its buttons carry where to go on.
    expect(await runsOf(h, user)).toEqual([]);

    await press(h, user, "Bags");
    expect((await texts(h, user)).at(-1)).toBe("Bags it is.");
    await press(h, user, "Shoes");
    expect((await texts(h, user)).at(-1)).toBe("Shoes it is.");
    await press(h, user, "Hats");
    expect((await texts(h, user)).at(-1)).toBe("Hats it is.");
  });
});

describe("end", () => {
  it("stops the flow: nothing after it runs", async () => {
    await publish(
      h,
      "Stopper",
      flow(
        [node("t1", "command", { command: "stop" }), node("m1", "send-message", { text: "before the end" }), node("x", "end")],
        [
          ["t1", "next", "m1"],
          ["m1", "next", "x"],
        ],
      ),
    );
    const user = await newUser(h, "Ed");
    await start(h, user);
    await send(h, user, "/stop");
    expect((await texts(h, user)).at(-1)).toBe("before the end");
    expect(await runsOf(h, user)).toEqual([]);
  });
});
