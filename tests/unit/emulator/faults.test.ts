// Fault injection through control.setFaults: forced 429/500/502, random failures, latency.
import { GrammyError } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiError, newBot, startHarness, startedUser, type Harness } from "./helpers";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false } });
});

afterAll(async () => {
  await h.close();
});

afterEach(() => {
  vi.useRealTimers();
});

async function outcome(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "ok",
    (e: unknown) => (e instanceof GrammyError ? String(e.error_code) : String(e)),
  );
}

describe("fail_next", () => {
  it("fails exactly the next N sends with 500, then sends work again", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const settings = await h.control.setFaults(bot.id, { fail_next: 2, error: 500 });
    expect(settings).toMatchObject({ failNext: 2, error: 500 });

    const first = await apiError(api.sendMessage(user.id, "1"));
    expect(first.error_code).toBe(500);
    expect(first.description).toBe("Internal Server Error");
    expect(await outcome(api.sendPhoto(user.id, "https://example.com/p.jpg"))).toBe("500");
    expect(await outcome(api.sendMessage(user.id, "3"))).toBe("ok");

    const stats = await h.control.stats(bot.id);
    expect(stats.faultsInjected).toBe(2);
    expect(stats.errors).toEqual({ "500": 2 });
    expect(stats.faults.failNext).toBe(0);
    expect((await h.control.sent(bot.id, user.id)).map((s) => s.text)).toEqual(["3"]);
  });

  it("502 is Bad Gateway", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await h.control.setFaults(bot.id, { fail_next: 1, error: 502 });
    const error = await apiError(api.sendMessage(user.id, "x"));
    expect(error.error_code).toBe(502);
    expect(error.description).toBe("Bad Gateway");
  });

  it("an injected 429 carries retry_after and puts the whole bot into a flood wait", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const T0 = Date.UTC(2031, 5, 1);
    vi.setSystemTime(T0);
    const { bot, api } = await newBot(h);
    const [alice, bob] = [await startedUser(h, bot.id), await startedUser(h, bot.id)];
    await h.control.setFaults(bot.id, { fail_next: 1, error: 429, retry_after: 7 });

    const error = await apiError(api.sendMessage(alice.id, "x"));
    expect(error.error_code).toBe(429);
    expect(error.description).toBe("Too Many Requests: retry after 7");
    expect(error.parameters).toEqual({ retry_after: 7 });
    expect((await h.control.stats(bot.id)).floodWaitUntil).toBe(T0 + 7000);

    vi.setSystemTime(T0 + 2000);
    const later = await apiError(api.sendMessage(bob.id, "other chat"));
    expect(later.parameters.retry_after).toBe(5);
    const stats = await h.control.stats(bot.id);
    expect(stats.violations).toBe(1);
    expect(stats.violationLog[0]).toMatchObject({ scope: "bot", chat_id: bob.id, flood_until: T0 + 7000 });

    vi.setSystemTime(T0 + 7000);
    expect(await outcome(api.sendMessage(bob.id, "after the wait"))).toBe("ok");
  });

  it("fires before validation, like Telegram's front end, and only on send methods", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "before");
    await h.control.setFaults(bot.id, { fail_next: 1, error: 502 });

    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id });
    await expect(api.editMessageText(user.id, message.message_id, "edited")).resolves.toMatchObject({ text: "edited" });
    await expect(api.sendChatAction(user.id, "typing")).resolves.toBe(true);
    expect((await h.control.stats(bot.id)).faults.failNext).toBe(1);

    // Even a send that would fail validation (unknown chat) gets the fault first.
    expect(await outcome(api.sendMessage(999_999, "to nobody"))).toBe("502");
    expect(await outcome(api.sendMessage(999_999, "to nobody"))).toBe("400");
  });
});

describe("fail_probability", () => {
  async function pattern(botId: number, send: () => Promise<unknown>, seed: number): Promise<string> {
    await h.control.setFaults(botId, { fail_probability: 0.5, error: 500, seed });
    let result = "";
    for (let i = 0; i < 24; i++) result += (await outcome(send())) === "ok" ? "." : "x";
    return result;
  }

  it("fails a seeded, reproducible share of sends", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const send = () => api.sendMessage(user.id, "maybe");
    const first = await pattern(bot.id, send, 42);
    const again = await pattern(bot.id, send, 42);
    const other = await pattern(bot.id, send, 7);

    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const failures = [...first].filter((c) => c === "x").length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(21);
    expect((await h.control.stats(bot.id)).faultsInjected).toBe(
      [...first + again + other].filter((c) => c === "x").length,
    );
  });

  it("clearFaults returns to no faults", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await h.control.setFaults(bot.id, { fail_probability: 1, error: 500, latency_ms: 5 });
    expect(await outcome(api.sendMessage(user.id, "x"))).toBe("500");
    expect(await h.control.clearFaults(bot.id)).toEqual({
      failNext: 0,
      failProbability: 0,
      error: 429,
      retryAfter: 5,
      latencyMs: 0,
    });
    expect(await outcome(api.sendMessage(user.id, "x"))).toBe("ok");
  });
});

describe("latency", () => {
  it("delays every call except getUpdates", async () => {
    const { bot, api } = await newBot(h);
    await h.control.setFaults(bot.id, { latency_ms: 300 });

    let started = performance.now();
    await api.getMe();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    started = performance.now();
    await api.getUpdates();
    expect(performance.now() - started).toBeLessThan(290);
  });
});

describe("validation of fault settings", () => {
  it("rejects an unsupported error code and out-of-range values with 400", async () => {
    const { bot } = await newBot(h);
    // @ts-expect-error -- 418 is not an injectable error
    await expect(h.control.setFaults(bot.id, { fail_next: 1, error: 418 })).rejects.toMatchObject({ status: 400 });
    await expect(h.control.setFaults(bot.id, { fail_probability: 1.5 })).rejects.toThrow(/fail_probability/);
    await expect(h.control.setFaults(bot.id, { retry_after: 0 })).rejects.toThrow(/retry_after/);
    expect((await h.control.stats(bot.id)).faults.failNext).toBe(0);
  });
});
