// Webhooks: delivery with the secret token header, 409 for getUpdates, retries,
// webhook replies, per-chat ordering, deleteWebhook.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Bot, webhookCallback } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TgUpdate } from "@/lib/emulator/types";
import {
  apiError,
  eventually,
  listen,
  newBot,
  rawCall,
  readBody,
  sleep,
  startHarness,
  startedUser,
  type Harness,
  type Receiver,
} from "./helpers";

interface Hit {
  headers: IncomingMessage["headers"];
  update: TgUpdate;
}

/** A webhook endpoint that records every POST and answers with `reply(hit, n)` (default 200 "{}"). */
async function recorder(
  reply: (hit: Hit, n: number, res: ServerResponse) => void | Promise<void> = (_hit, _n, res) => {
    res.end("{}");
  },
): Promise<Receiver & { hits: Hit[] }> {
  const hits: Hit[] = [];
  const receiver = await listen((req, res) => {
    void readBody(req).then(async (body) => {
      const hit = { headers: req.headers, update: JSON.parse(body) as TgUpdate };
      hits.push(hit);
      await reply(hit, hits.length, res);
    });
  });
  return { ...receiver, hits };
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false }, webhook: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 3 } });
});

afterAll(async () => {
  await h.close();
});

describe("delivery", () => {
  it("POSTs each update as JSON with X-Telegram-Bot-Api-Secret-Token", async () => {
    const { bot, api } = await newBot(h);
    const receiver = await recorder();
    try {
      expect(await api.setWebhook(receiver.url, { secret_token: "s3cret_Token-1" })).toBe(true);
      const user = await h.control.createUser({ first_name: "Hook" });
      const started = await h.control.start(user.id, { bot_id: bot.id, payload: "src_ads1" });

      const [hit] = await eventually(() => (receiver.hits.length > 0 ? receiver.hits : undefined));
      expect(hit?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret_Token-1");
      expect(hit?.headers["content-type"]).toBe("application/json");
      expect(hit?.update).toMatchObject({ update_id: started.update_id, message: { text: "/start src_ads1" } });

      await eventually(async () => ((await h.control.stats(bot.id)).webhook.delivered === 1 ? true : undefined));
      expect(await h.control.pendingUpdates(bot.id)).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it("sends no secret header when none was set", async () => {
    const { bot, api } = await newBot(h);
    const receiver = await recorder();
    try {
      await api.setWebhook(receiver.url);
      const user = await startedUser(h, bot.id, { silent: false });
      const [hit] = await eventually(() => (receiver.hits.length > 0 ? receiver.hits : undefined));
      expect(hit?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
      expect(hit?.update.message?.from?.id).toBe(user.id);
    } finally {
      await receiver.close();
    }
  });

  it("a real grammY webhookCallback checks the secret and its reply reaches the user", async () => {
    const { bot: view } = await newBot(h);
    const bot = new Bot(view.token, { client: { apiRoot: h.emulator.url } });
    bot.command("start", (ctx) => ctx.reply(`Hello from the webhook, ${ctx.match}`));
    await bot.init();
    const handle = webhookCallback(bot, "http", { secretToken: "right_secret" });
    const receiver = await listen((req, res) => void handle(req, res));
    try {
      // Wrong secret: grammY answers 401, the emulator retries, records the error, then drops the update.
      await bot.api.setWebhook(receiver.url, { secret_token: "wrong_secret" });
      const user = await h.control.createUser({ first_name: "Webster" });
      await h.control.start(user.id, { bot_id: view.id, payload: "first" });
      const failed = await eventually(async () => {
        const stats = await h.control.stats(view.id);
        return stats.webhook.dropped === 1 ? stats : undefined;
      });
      expect(failed.webhook).toMatchObject({ delivered: 0, failedAttempts: 3, dropped: 1 });
      const info = await bot.api.getWebhookInfo();
      expect(info.last_error_message).toBe("Wrong response from the webhook: 401 Unauthorized");
      expect(info.last_error_date).toBeGreaterThan(0);
      expect(await h.control.sent(view.id, user.id)).toEqual([]);

      // Right secret: the handler runs and replies through the Bot API.
      await bot.api.setWebhook(receiver.url, { secret_token: "right_secret" });
      await h.control.start(user.id, { bot_id: view.id, payload: "second" });
      const sent = await eventually(async () => {
        const list = await h.control.sent(view.id, user.id);
        return list.length > 0 ? list : undefined;
      });
      expect(sent.map((s) => s.text)).toEqual(["Hello from the webhook, second"]);
    } finally {
      await receiver.close();
    }
  });

  it("retries a failing endpoint with backoff and delivers the same update", async () => {
    const { bot, api } = await newBot(h);
    const receiver = await recorder((_hit, n, res) => {
      res.statusCode = n <= 2 ? 500 : 200;
      res.end();
    });
    try {
      await api.setWebhook(receiver.url);
      const user = await startedUser(h, bot.id);
      const sent = await h.control.message(user.id, { bot_id: bot.id, text: "retry me" });
      const stats = await eventually(async () => {
        const s = await h.control.stats(bot.id);
        return s.webhook.delivered === 1 ? s : undefined;
      });
      expect(stats.webhook).toMatchObject({ delivered: 1, failedAttempts: 2, dropped: 0 });
      expect(receiver.hits.map((hit) => hit.update.update_id)).toEqual([sent.update_id, sent.update_id, sent.update_id]);
      expect((await api.getWebhookInfo()).last_error_message).toBe("Wrong response from the webhook: 500 Internal Server Error");
    } finally {
      await receiver.close();
    }
  });

  it("executes a method given in the webhook's reply body", async () => {
    const { bot, api } = await newBot(h);
    const receiver = await recorder((hit, _n, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: "sendMessage", chat_id: hit.update.message?.chat.id, text: "answered in the reply" }));
    });
    try {
      await api.setWebhook(receiver.url);
      const user = await startedUser(h, bot.id, { silent: false });
      const sent = await eventually(async () => {
        const list = await h.control.sent(bot.id, user.id);
        return list.length > 0 ? list : undefined;
      });
      expect(sent).toMatchObject([{ method: "sendMessage", text: "answered in the reply" }]);
    } finally {
      await receiver.close();
    }
  });

  it("delivers one chat's updates one at a time and in order", async () => {
    const { bot, api } = await newBot(h);
    let active = 0;
    let maxActive = 0;
    const receiver = await recorder(async (_hit, _n, res) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(20);
      active -= 1;
      res.end();
    });
    try {
      const user = await startedUser(h, bot.id);
      for (const text of ["1", "2", "3", "4"]) await h.control.message(user.id, { bot_id: bot.id, text });
      await api.setWebhook(receiver.url);
      await eventually(() => (receiver.hits.length === 4 ? true : undefined));
      expect(receiver.hits.map((hit) => hit.update.message?.text)).toEqual(["1", "2", "3", "4"]);
      expect(maxActive).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});

describe("webhook and getUpdates", () => {
  it("getUpdates while a webhook is set is 409 Conflict; after deleteWebhook the pending updates come by polling", async () => {
    const { bot, api } = await newBot(h);
    // A webhook URL nobody listens on: the conflict is about the webhook being set, not about delivery.
    const receiver = await listen(() => undefined);
    const url = receiver.url;
    await receiver.close();
    await api.setWebhook(url);
    const user = await startedUser(h, bot.id);

    const conflict = await apiError(api.getUpdates());
    expect(conflict.error_code).toBe(409);
    expect(conflict.description).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );

    const deleted = await rawCall(h, bot.token, "deleteWebhook", {});
    expect(deleted.body).toEqual({ ok: true, result: true, description: "Webhook was deleted" });
    const again = await rawCall(h, bot.token, "deleteWebhook", {});
    expect(again.body.description).toBe("Webhook is already deleted");

    await h.control.message(user.id, { bot_id: bot.id, text: "after delete" });
    const updates = await api.getUpdates();
    expect(updates.map((u) => u.message?.text)).toContain("after delete");
    expect((await api.getWebhookInfo()).url).toBe("");
  });

  it("setWebhook ends a waiting long poll", async () => {
    const { api } = await newBot(h);
    const receiver = await recorder();
    try {
      const started = performance.now();
      const poll = api.getUpdates({ timeout: 10 });
      await sleep(50);
      await api.setWebhook(receiver.url);
      expect(await poll).toEqual([]);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await receiver.close();
    }
  });

  it("describes itself in setWebhook answers and getWebhookInfo", async () => {
    const { bot, api } = await newBot(h);
    const url = "http://127.0.0.1:9/never";
    const first = await rawCall(h, bot.token, "setWebhook", { url, max_connections: 7, allowed_updates: ["message"] });
    expect(first.body).toEqual({ ok: true, result: true, description: "Webhook was set" });
    const second = await rawCall(h, bot.token, "setWebhook", { url, max_connections: 7 });
    expect(second.body.description).toBe("Webhook is already set");

    const info = await api.getWebhookInfo();
    expect(info).toMatchObject({
      url,
      has_custom_certificate: false,
      max_connections: 7,
      allowed_updates: ["message"],
    });
    expect((await h.control.listBots()).find((b) => b.id === bot.id)?.webhook_url).toBe(url);
    // An empty url removes the webhook.
    expect((await rawCall(h, bot.token, "setWebhook", { url: "" })).body.description).toBe("Webhook was deleted");
  });

  it("drop_pending_updates discards the queue", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await h.control.message(user.id, { bot_id: bot.id, text: "old news" });
    expect(await h.control.pendingUpdates(bot.id)).toHaveLength(1);
    await api.setWebhook("http://127.0.0.1:9/never", { drop_pending_updates: true });
    expect(await h.control.pendingUpdates(bot.id)).toEqual([]);
    expect(await api.deleteWebhook()).toBe(true);
  });

  it("rejects bad webhook parameters with Telegram's messages", async () => {
    const { api } = await newBot(h);
    expect((await apiError(api.setWebhook("not a url"))).description).toBe(
      "Bad Request: bad webhook: Failed to resolve host: Name or service not known",
    );
    expect((await apiError(api.setWebhook("ftp://example.com/hook"))).description).toBe(
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
    expect((await apiError(api.setWebhook("https://example.com/hook", { secret_token: "has space" }))).description).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
    expect((await apiError(api.setWebhook("https://example.com/hook", { max_connections: 101 }))).description).toBe(
      "Bad Request: bad webhook: invalid max_connections",
    );
    expect((await api.getWebhookInfo()).url).toBe("");
  });
});

describe("redelivery", () => {
  it("control.redeliverWebhook retries waiting updates right away", async () => {
    const slow = await startHarness({ webhook: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 5 } });
    let healthy = false;
    const receiver = await recorder((_hit, _n, res) => {
      res.statusCode = healthy ? 200 : 503;
      res.end();
    });
    try {
      const { bot, api } = await newBot(slow);
      await api.setWebhook(receiver.url);
      const user = await startedUser(slow, bot.id, { silent: false });
      await eventually(async () => ((await slow.control.stats(bot.id)).webhook.failedAttempts === 1 ? true : undefined));
      // The next attempt would be a minute away.
      expect((await slow.control.stats(bot.id)).webhook.inflight).toBe(1);

      healthy = true;
      expect(await slow.control.redeliverWebhook(bot.id)).toEqual({ webhook_url: receiver.url, pending_updates: 1 });
      await eventually(async () => ((await slow.control.stats(bot.id)).webhook.delivered === 1 ? true : undefined));
      expect(receiver.hits.map((hit) => hit.update.message?.from?.id)).toEqual([user.id, user.id]);
      expect(await slow.control.pendingUpdates(bot.id)).toEqual([]);
    } finally {
      await receiver.close();
      await slow.close();
    }
  });
});
