// Set-up shared by the feature specs: an admin API session with a bot of its own (made on
// the emulator and added to Tagflow), and a connection to the e2e database for checks.
import { readFileSync } from "node:fs";
import pg from "pg";
import { expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { E2E, type TE2EState } from "./config";
import { apiLogin } from "./auth";
import { EmulatorControl, type BotView } from "../../lib/emulator/client";

export async function adminWithBot(control: EmulatorControl, username: string, firstName: string): Promise<{ adminApi: APIRequestContext; bot: BotView; botRowId: string }> {
  const adminApi = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  await apiLogin(adminApi, E2E.staff.ADMIN);
  const bot = await control.createBot({ username, first_name: firstName });
  const added = await adminApi.post("/api/bots", { data: { token: bot.token, apiRoot: E2E.emulatorUrl } });
  expect(added.status()).toBe(201);
  const botRowId = ((await added.json()) as { bot: { id: string } }).bot.id;
  return { adminApi, bot, botRowId };
}

export async function e2eDatabase(): Promise<pg.Client> {
  const state = JSON.parse(readFileSync(E2E.stateFile, "utf8")) as TE2EState;
  const db = new pg.Client({ connectionString: state.databaseUrl });
  await db.connect();
  return db;
}
