// Demo mode: an in-process Bot API emulator, a demo bot registered on it, and
// a crowd of simulated users so every page has something real to show.
import { db } from "../db/client";
import { env } from "../env";
import { startEmulator } from "../emulator/server";
import { EmulatorControl } from "../emulator/client";
import { startCrowd } from "../emulator/crowd";
import { addBot } from "../bots/add-bot";
import { log } from "../log";

export async function shouldRunDemo(): Promise<boolean> {
  if (env.DEMO_MODE === "on") return true;
  if (env.DEMO_MODE === "off") return false;
  const realBots = await db().bot.count({ where: { isDemo: false } });
  return realBots === 0;
}

export async function startDemo(): Promise<{ apiRoot: string; stop(): Promise<void> }> {
  const emulator = await startEmulator({ port: env.EMULATOR_PORT });
  const control = new EmulatorControl(emulator.url);
  const created = await control.createBot({ username: "tagflow_demo_bot", first_name: "Tagflow Demo" });
  const bot = await addBot({ token: created.token, apiRoot: emulator.url, updateMode: "POLLING" }, { isDemo: true });
  const known = await db().telegramUser.count({ where: { botId: bot.id } });
  const crowd = await startCrowd({ control, botId: created.id, size: env.DEMO_CROWD_SIZE, seed: 42, history: known === 0, tickMs: 1500 });
  log.info("demo mode: emulator and simulated users running", { emulator: emulator.url, bot: `@${bot.username}`, users: env.DEMO_CROWD_SIZE });
  return {
    apiRoot: emulator.url,
    async stop() {
      crowd.stop();
      await emulator.close();
    },
  };
}
