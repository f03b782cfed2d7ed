// Triggers against the emulator: a command with a payload match (none / equals / prefix /
// regex), keywords (contains / equals / regex, case-sensitive or not), deep-link start
// payloads (equals / prefix), and a click on a button with given data.
import { InlineKeyboard } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { botApi } from "@/lib/telegram/bot-runtime";
import { flow, node } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { lastCallbackAnswer, newUser, pressData, publish, send, start, startFlowHarness, texts, type TFlowHarness } from "./harness";
import type { TgUser } from "@/lib/emulator/types";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_triggers_bot", { limits: { enabled: false } });
});
afterAll(async () => h?.close());

/** Several triggers, each to its own reply. */
function triggers(list: [type: "command" | "keyword" | "deep-link" | "button-click", data: Record<string, unknown>, reply: string][]) {
  return flow(
    list.flatMap(([type, data, reply], i) => [node(`t${i}`, type, data), node(`m${i}`, "send-message", { text: reply })]),
    list.map((_, i): [string, string, string] => [`t${i}`, "next", `m${i}`]),
  );
}

/** What the bot sends in answer to `act` (nothing: []). */
async function answers(user: TgUser, act: () => Promise<void>): Promise<string[]> {
  const before = (await texts(h, user)).length;
  await act();
  return (await texts(h, user)).slice(before);
}

describe("command with a payload match", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Promo codes",
      triggers([
        ["command", { command: "promo", payload: "none" }, "promo: no code"],
        ["command", { command: "promo", payload: "equals", value: "SUMMER" }, "promo: summer"],
        ["command", { command: "promo", payload: "prefix", value: "vip_" }, "promo: vip"],
        ["command", { command: "promo", payload: "regex", value: "^code-\\d{3}$" }, "promo: code"],
      ]),
    );
  });

  it("matches no payload, an exact payload, a prefix and a pattern", async () => {
    const user = await newUser(h, "Cmd");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/promo"))).toEqual(["promo: no code"]);
    expect(await answers(user, () => send(h, user, "/promo SUMMER"))).toEqual(["promo: summer"]);
    expect(await answers(user, () => send(h, user, "/promo vip_gold"))).toEqual(["promo: vip"]);
    expect(await answers(user, () => send(h, user, "/promo code-123"))).toEqual(["promo: code"]);
  });

  it("a payload nothing matches is left to the built-in handlers (which do not know /promo)", async () => {
    const user = await newUser(h, "Miss");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/promo summer"))).toEqual([]);
    expect(await answers(user, () => send(h, user, "/promo code-1234"))).toEqual([]);
    expect(await answers(user, () => send(h, user, "/promos"))).toEqual([]);
  });

  it("commands addressed to this bot by name match too", async () => {
    const user = await newUser(h, "At");
    await start(h, user);
    expect(await answers(user, () => send(h, user, `/promo@${h.emuBot.username} SUMMER`))).toEqual(["promo: summer"]);
  });
});

describe("keyword or pattern", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Keywords",
      triggers([
        ["keyword", { match: "contains", value: "price" }, "our prices"],
        ["keyword", { match: "equals", value: "hi" }, "hello!"],
        ["keyword", { match: "regex", value: "^order\\s*#?\\d+$" }, "order status"],
        ["keyword", { match: "contains", value: "URGENT", caseSensitive: true }, "right away"],
      ]),
    );
  });

  it("contains (any case), equals (trimmed), a pattern, and a case-sensitive word", async () => {
    const user = await newUser(h, "Kw");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "What is the PRICE of this?"))).toEqual(["our prices"]);
    expect(await answers(user, () => send(h, user, "  Hi "))).toEqual(["hello!"]);
    expect(await answers(user, () => send(h, user, "hi there"))).toEqual([]);
    expect(await answers(user, () => send(h, user, "Order #4521"))).toEqual(["order status"]);
    expect(await answers(user, () => send(h, user, "my order 12 is late"))).toEqual([]);
    expect(await answers(user, () => send(h, user, "this is urgent"))).toEqual([]);
    expect(await answers(user, () => send(h, user, "URGENT: call me"))).toEqual(["right away"]);
  });

  it("commands are never keywords", async () => {
    const user = await newUser(h, "Slash");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/price"))).toEqual([]);
  });
});

describe("deep-link start payload", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Campaign links",
      triggers([
        ["deep-link", { payload: "ads_fb", match: "equals" }, "welcome from our ad"],
        ["deep-link", { payload: "ref_", match: "prefix" }, "welcome, friend of a friend"],
      ]),
    );
  });

  it("matches the exact payload, or a prefix; the source is still recorded", async () => {
    const a = await newUser(h, "Ad");
    expect(await answers(a, () => start(h, a, "ads_fb"))).toEqual(["welcome from our ad"]);
    const b = await newUser(h, "Ref");
    expect(await answers(b, () => start(h, b, "ref_12345"))).toEqual(["welcome, friend of a friend"]);
    const row = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: h.botId, telegramId: BigInt(b.id) } }, select: { source: true } });
    expect(row.source).toBe("ref_12345");
  });

  it("/start without a payload, or with another one, gets the built-in welcome", async () => {
    const c = await newUser(h, "Plain");
    expect(await answers(c, () => start(h, c))).toEqual([`Hi ${c.first_name}! What would you like to see?`]);
    const d = await newUser(h, "Other");
    expect(await answers(d, () => start(h, d, "ads_fb2"))).toEqual([`Hi ${d.first_name}! What would you like to see?`]);
  });
});

describe("button click", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Offers",
      triggers([
        ["button-click", { data: "offer:summer", match: "equals" }, "summer offer, just for you"],
        ["button-click", { data: "coupon:", match: "prefix" }, "here is your coupon"],
      ]),
    );
  });

  /** A message with buttons sent outside flows (as a campaign would). */
  async function campaign(user: TgUser) {
    const api = (await botApi(h.botId))!;
    await api.sendMessage(user.id, "This week's deals", {
      reply_markup: new InlineKeyboard().text("Summer", "offer:summer").text("Winter", "offer:winter").row().text("10% off", "coupon:TEN"),
    });
  }

  it("starts the flow for matching data (exact or prefix) and answers the click", async () => {
    const user = await newUser(h, "Btn");
    await start(h, user);
    await campaign(user);
    expect(await answers(user, () => pressData(h, user, "offer:summer"))).toEqual(["summer offer, just for you"]);
    expect((await lastCallbackAnswer(h, user))?.answered).toBe(true);
    expect(await answers(user, () => pressData(h, user, "coupon:TEN"))).toEqual(["here is your coupon"]);
  });

  it("other data goes to the built-in handlers (the click is still answered)", async () => {
    const user = await newUser(h, "Other");
    await start(h, user);
    await campaign(user);
    expect(await answers(user, () => pressData(h, user, "offer:winter"))).toEqual([]);
    expect((await lastCallbackAnswer(h, user))?.answered).toBe(true);
  });
});
