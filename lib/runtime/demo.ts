// Demo mode: an in-process Bot API emulator, a demo bot registered on it, and
// a crowd of simulated users so every page has something real to show.
// A restart keeps the same bot (same token), continues its update ids after
// the last stored one and re-creates the same simulated users.
import { db } from "../db/client";
import { env } from "../env";
import { startEmulator } from "../emulator/server";
import { EmulatorControl } from "../emulator/client";
import { startCrowd } from "../emulator/crowd";
import { addBot } from "../bots/add-bot";
import { log } from "../log";

const DEMO_USERNAME = "tagflow_demo_bot";
const SEED = 42;

export async function shouldRunDemo(): Promise<boolean> {
  if (env.DEMO_MODE === "on") return true;
  if (env.DEMO_MODE === "off") return false;
  const realBots = await db().bot.count({ where: { isDemo: false } });
  return realBots === 0;
}

export async function startDemo(): Promise<{ apiRoot: string; stop(): Promise<void> }> {
  const emulator = await startEmulator({ port: env.EMULATOR_PORT });
  const control = new EmulatorControl(emulator.url);
  const previous = await db().bot.findFirst({
    where: { isDemo: true, username: DEMO_USERNAME },
    omit: { token: false },
    orderBy: { createdAt: "desc" },
  });
  const lastUpdate = previous
    ? await db().telegramUpdate.aggregate({ where: { botId: previous.id }, _max: { updateId: true } })
    : null;
  const maxUpdateId = lastUpdate?._max.updateId;
  const created = await control.createBot({
    username: DEMO_USERNAME,
    first_name: "Tagflow Demo",
    ...(previous ? { token: previous.token } : {}),
    ...(maxUpdateId != null ? { first_update_id: Number(maxUpdateId) + 1 } : {}),
  });
  const bot = await addBot({ token: created.token, apiRoot: emulator.url, updateMode: "POLLING" }, { isDemo: true, reconnect: true });
  const known = await db().telegramUser.findMany({ where: { botId: bot.id }, select: { telegramId: true, blockedAt: true } });
  const crowd = await startCrowd({
    control,
    botId: created.id,
    size: env.DEMO_CROWD_SIZE,
    seed: SEED,
    history: known.length === 0,
    knownUsers: known.length,
    blockedIds: new Set(known.filter((u) => u.blockedAt).map((u) => Number(u.telegramId))),
    tickMs: 1500,
    onError: (error) => log.warn("demo crowd: a simulated action failed", { error: error instanceof Error ? error.message : String(error) }),
  });
  log.info("demo mode: emulator and simulated users running", { emulator: emulator.url, bot: `@${bot.username}`, users: crowd.userIds.length });
  return {
    apiRoot: emulator.url,
    async stop() {
      await crowd.stop();
      await emulator.close();
    },
  };
}
