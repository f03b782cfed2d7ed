// Flood control: 30 sends/s per bot, 1 send/s per chat, flood waits and violations.
// Date is faked (timers stay real, so HTTP works) to place every request at an exact
// millisecond: the tests are deterministic and never sleep through a flood wait.
import { GrammyError } from "grammy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TgUser } from "@/lib/emulator/types";
import { apiError, newBot, rawCall, startHarness, startedUser, type Harness } from "./helpers";

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

let h: Harness;

beforeAll(async () => {
  h = await startHarness(); // default limits: 30/s per bot, 1/s per chat, 50 ms grace
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

const at = (ms: number): void => {
  vi.setSystemTime(T0 + ms);
};

async function usersFor(harness: Harness, botId: number, count: number): Promise<TgUser[]> {
  const users = await harness.control.createUsers(Array.from({ length: count }, (_, i) => ({ first_name: `Crowd${i}` })));
  await harness.control.batch(users.map((u) => ({ type: "start" as const, user_id: u.id, bot_id: botId, silent: true })));
  return users;
}

async function outcome(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "ok",
    (e: unknown) => (e instanceof GrammyError ? `${e.error_code}/${e.parameters.retry_after ?? "-"}` : String(e)),
  );
}

describe("per-bot limit", () => {
  it("the 31st send within a second gets 429 with parameters.retry_after", async () => {
    const { bot, api } = await newBot(h);
    const users = await usersFor(h, bot.id, 32);
    for (const user of users.slice(0, 30)) await api.sendMessage(user.id, "promo");

    const res = await rawCall(h, bot.token, "sendMessage", { chat_id: users[30]?.id, text: "promo" });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });

    const stats = await h.control.stats(bot.id);
    expect(stats.sent).toBe(30);
    expect(stats.rejected429).toBe(1);
    expect(stats.sendsPerSecond).toEqual({ current: 30, peak: 30 });
    expect(stats.floodWaitUntil).toBe(T0 + 1000);
  });

  it("the flood wait covers every chat of the bot and ends after retry_after", async () => {
    const { bot, api } = await newBot(h);
    const users = await usersFor(h, bot.id, 33);
    for (const user of users.slice(0, 30)) await api.sendMessage(user.id, "promo");
    expect(await outcome(api.sendMessage(users[30]?.id ?? 0, "x"))).toBe("429/1");

    at(500);
    expect(await outcome(api.sendMessage(users[31]?.id ?? 0, "other chat"))).toBe("429/1");
    // Other bots are not affected.
    const other = await newBot(h);
    const stranger = await startedUser(h, other.bot.id);
    expect(await outcome(other.api.sendMessage(stranger.id, "independent"))).toBe("ok");

    at(1000);
    expect(await outcome(api.sendMessage(users[31]?.id ?? 0, "after the wait"))).toBe("ok");
    expect((await h.control.stats(bot.id)).floodWaitUntil).toBeNull();
  });

  it("non-send methods are not limited", async () => {
    const { bot, api } = await newBot(h);
    const users = await usersFor(h, bot.id, 31);
    for (const user of users.slice(0, 30)) await api.sendMessage(user.id, "promo");
    expect(await outcome(api.sendMessage(users[30]?.id ?? 0, "x"))).toBe("429/1");
    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id });
    await expect(api.sendChatAction(users[0]?.id ?? 0, "typing")).resolves.toBe(true);
  });
});

describe("per-chat limit", () => {
  it("a second message to the same chat within a second gets 429; other chats are fine", async () => {
    const { bot, api } = await newBot(h);
    const [alice, bob] = await usersFor(h, bot.id, 2);
    if (!alice || !bob) throw new Error("users missing");
    await api.sendMessage(alice.id, "one");
    const error = await apiError(api.sendMessage(alice.id, "two"));
    expect(error.error_code).toBe(429);
    expect(error.description).toBe("Too Many Requests: retry after 1");
    expect(error.parameters.retry_after).toBe(1);
    expect(await outcome(api.sendMessage(bob.id, "to bob"))).toBe("ok");

    at(900);
    expect(await outcome(api.sendMessage(alice.id, "still too early"))).toBe("429/1");
    expect((await h.control.sent(bot.id, alice.id)).map((s) => s.text)).toEqual(["one"]);
  });

  it("every send method counts: sendPhoto and copyMessage share the chat's budget", async () => {
    const { bot, api } = await newBot(h);
    const [user] = await usersFor(h, bot.id, 1);
    if (!user) throw new Error("user missing");
    const first = await api.sendMessage(user.id, "text");
    expect(await outcome(api.sendPhoto(user.id, "https://example.com/p.jpg"))).toBe("429/1");
    at(5000);
    expect(await outcome(api.copyMessage(user.id, user.id, first.message_id))).toBe("ok");
    expect(await outcome(api.copyMessage(user.id, user.id, first.message_id))).toBe("429/1");
  });

  it("retrying after retry_after succeeds, even when the timer fires a few ms early", async () => {
    const { bot, api } = await newBot(h);
    const [user] = await usersFor(h, bot.id, 1);
    if (!user) throw new Error("user missing");
    await api.sendMessage(user.id, "one");
    expect(await outcome(api.sendMessage(user.id, "two"))).toBe("429/1");
    at(995);
    expect(await outcome(api.sendMessage(user.id, "two, retried"))).toBe("ok");
    const stats = await h.control.stats(bot.id);
    expect(stats.violations).toBe(0);
    expect(stats.sent).toBe(2);
  });
});

describe("violations: requests inside the retry_after window", () => {
  it("are recorded with method, chat, scope and the end of the wait", async () => {
    const { bot, api } = await newBot(h);
    const [user] = await usersFor(h, bot.id, 1);
    if (!user) throw new Error("user missing");
    await api.sendMessage(user.id, "one");
    expect(await outcome(api.sendMessage(user.id, "two"))).toBe("429/1"); // the 429 is issued at T0

    // Within the grace period the request was plausibly already in flight: 429, no violation.
    at(30);
    expect(await outcome(api.sendMessage(user.id, "in flight"))).toBe("429/1");
    expect((await h.control.stats(bot.id)).violations).toBe(0);

    // Later, ignoring retry_after is a violation.
    at(400);
    expect(await outcome(api.sendPhoto(user.id, "https://example.com/p.jpg"))).toBe("429/1");
    const stats = await h.control.stats(bot.id);
    expect(stats.violations).toBe(1);
    expect(stats.violationLog).toEqual([
      { at: T0 + 400, method: "sendPhoto", chat_id: user.id, scope: "chat", flood_until: T0 + 1000 },
    ]);
    expect(stats.rejected429).toBe(3);
    expect(stats.errors["429"]).toBe(3);
  });

  it("ignoring a bot-wide flood wait is logged with scope 'bot'", async () => {
    const { bot, api } = await newBot(h);
    const users = await usersFor(h, bot.id, 32);
    for (const user of users.slice(0, 30)) await api.sendMessage(user.id, "promo");
    expect(await outcome(api.sendMessage(users[30]?.id ?? 0, "x"))).toBe("429/1");
    at(200);
    expect(await outcome(api.sendMessage(users[31]?.id ?? 0, "x"))).toBe("429/1");
    const { violations, violationLog } = await h.control.stats(bot.id);
    expect(violations).toBe(1);
    expect(violationLog).toEqual([
      { at: T0 + 200, method: "sendMessage", chat_id: users[31]?.id, scope: "bot", flood_until: T0 + 1000 },
    ]);
  });

  it("resetStats clears counters and the violation log", async () => {
    const { bot, api } = await newBot(h);
    const [user] = await usersFor(h, bot.id, 1);
    if (!user) throw new Error("user missing");
    await api.sendMessage(user.id, "one");
    await outcome(api.sendMessage(user.id, "two"));
    at(300);
    await outcome(api.sendMessage(user.id, "three"));
    expect((await h.control.stats(bot.id)).violations).toBe(1);

    const cleared = await h.control.resetStats(bot.id);
    expect(cleared).toMatchObject({ requests: 0, sent: 0, rejected429: 0, violations: 0, violationLog: [], errors: {} });
    expect(cleared.sendsPerSecond.peak).toBe(0);
  });
});

describe("configured limits", () => {
  it("startEmulator({limits}) changes the per-bot and per-chat budgets", async () => {
    const custom = await startHarness({ limits: { perBotPerSecond: 3, perChatPerSecond: 2, violationGraceMs: 0 } });
    try {
      const { bot, api } = await newBot(custom);
      const [a, b, c] = await usersFor(custom, bot.id, 3);
      if (!a || !b || !c) throw new Error("users missing");
      expect(await outcome(api.sendMessage(a.id, "1"))).toBe("ok");
      expect(await outcome(api.sendMessage(a.id, "2"))).toBe("ok");
      expect(await outcome(api.sendMessage(a.id, "3"))).toBe("429/1"); // per chat: 2
      expect(await outcome(api.sendMessage(b.id, "4"))).toBe("ok");
      expect(await outcome(api.sendMessage(c.id, "5"))).toBe("429/1"); // per bot: 3
      at(1);
      expect(await outcome(api.sendMessage(c.id, "6"))).toBe("429/1");
      // With no grace period, even a request 1 ms later is a violation.
      expect((await custom.control.stats(bot.id)).violations).toBe(1);
    } finally {
      await custom.close();
    }
  });

  it("paid broadcasts have their own, larger budget", async () => {
    const custom = await startHarness({ limits: { perBotPerSecond: 1, paidPerSecond: 4 } });
    try {
      const { bot, api } = await newBot(custom);
      const users = await usersFor(custom, bot.id, 5);
      const results: string[] = [];
      for (const user of users) results.push(await outcome(api.sendMessage(user.id, "paid", { allow_paid_broadcast: true })));
      expect(results).toEqual(["ok", "ok", "ok", "ok", "429/1"]);
    } finally {
      await custom.close();
    }
  });

  it("limits: { enabled: false } turns flood control off", async () => {
    const open = await startHarness({ limits: { enabled: false } });
    try {
      const { bot, api } = await newBot(open);
      const users = await usersFor(open, bot.id, 2);
      const results: string[] = [];
      for (let i = 0; i < 40; i++) results.push(await outcome(api.sendMessage(users[i % 2]?.id ?? 0, `m${i}`)));
      expect(results.every((r) => r === "ok")).toBe(true);
      const stats = await open.control.stats(bot.id);
      expect(stats).toMatchObject({ sent: 40, rejected429: 0, violations: 0 });
      expect(stats.sendsPerSecond.peak).toBe(40);
    } finally {
      await open.close();
    }
  });
});

describe("a bot that honours retry_after", () => {
  it("gets every message through, one per second per chat, without violations", async () => {
    const { bot, api } = await newBot(h);
    const [user] = await usersFor(h, bot.id, 1);
    if (!user) throw new Error("user missing");
    let now = 0;
    for (const text of ["a", "b", "c"]) {
      for (;;) {
        const result = await api.sendMessage(user.id, text).catch((e: unknown) => e);
        if (!(result instanceof GrammyError)) break;
        now += (result.parameters.retry_after ?? 1) * 1000;
        at(now);
      }
    }
    expect((await h.control.sent(bot.id, user.id)).map((s) => s.text)).toEqual(["a", "b", "c"]);
    const stats = await h.control.stats(bot.id);
    expect(stats.violations).toBe(0);
    expect(stats.rejected429).toBe(2);
    expect(now).toBe(2000);
  });
});
