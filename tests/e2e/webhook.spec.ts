// Webhook mode over real HTTP: the route checks the secret header, stores each
// update once, and the worker turns it into a user.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import pg from "pg";
import { E2E, type TE2EState } from "./config";

const state = JSON.parse(readFileSync(E2E.stateFile, "utf8")) as TE2EState;
const BOT_ID = "e2e-webhook-bot";
const SECRET = "e2e-webhook-secret-0123456789";

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: state.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  await sql(
    `INSERT INTO "Bot" ("id","telegramId","username","name","token","apiRoot","updateMode","webhookSecret")
     VALUES ($1, 7999999999, 'e2e_webhook_bot', 'E2E Webhook', '7999999999:fake-token-for-tests-only-xxxxxxxxxxx', 'http://127.0.0.1:9', 'WEBHOOK', $2)
     ON CONFLICT DO NOTHING`,
    [BOT_ID, SECRET],
  );
});

const update = {
  update_id: 5001,
  message: {
    message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 880001, type: "private" },
    from: { id: 880001, is_bot: false, first_name: "Webhook", last_name: "User", language_code: "de" },
    text: "/start src_partner_x", entities: [{ type: "bot_command", offset: 0, length: 6 }],
  },
};

test("wrong secret → 401 and nothing stored; right secret twice → stored once and processed", async ({ request }) => {
  const url = `/api/telegram/${BOT_ID}`;
  const wrong = await request.post(url, { data: update, headers: { "X-Telegram-Bot-Api-Secret-Token": "nope" } });
  expect(wrong.status()).toBe(401);
  const none = await request.post(url, { data: update });
  expect(none.status()).toBe(401);
  expect(await sql(`SELECT 1 FROM "TelegramUpdate" WHERE "botId" = $1`, [BOT_ID])).toHaveLength(0);

  for (let i = 0; i < 2; i++) {
    const res = await request.post(url, { data: update, headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET } });
    expect(res.status()).toBe(200);
  }
  expect(await sql(`SELECT 1 FROM "TelegramUpdate" WHERE "botId" = $1`, [BOT_ID])).toHaveLength(1);
  await expect
    .poll(async () => (await sql<{ source: string }>(`SELECT "source" FROM "TelegramUser" WHERE "botId" = $1`, [BOT_ID]))[0]?.source, { timeout: 15_000 })
    .toBe("src_partner_x");
});

test("a malformed body is acknowledged with 200 and stores nothing", async ({ request }) => {
  const res = await request.post(`/api/telegram/${BOT_ID}`, { data: "not json{", headers: { "X-Telegram-Bot-Api-Secret-Token": SECRET, "content-type": "application/json" } });
  expect(res.status()).toBe(200);
  expect(await sql(`SELECT 1 FROM "TelegramUpdate" WHERE "botId" = $1`, [BOT_ID])).toHaveLength(1);
});
