// The two-step Bot API request the campaign sender commits its claims with
// (lib/telegram/held-request.ts), against the emulator: nothing is sent while the request is
// held open, finishing sends it once, aborting sends nothing, and a client killed while
// holding requests sends nothing either.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl, type BotView } from "@/lib/emulator/client";
import type { TgUser } from "@/lib/emulator/types";
import { botApiAgent, openHeldRequest } from "@/lib/telegram/held-request";

let emulator: RunningEmulator;
let control: EmulatorControl;
let bot: BotView;
let user: TgUser;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, limits: { enabled: false } });
  control = new EmulatorControl(emulator.url);
  bot = await control.createBot({ username: "held_bot", first_name: "Held" });
  user = await control.createUser({ first_name: "Hal" });
  await control.start(user.id, { bot_id: bot.id });
});
afterAll(async () => emulator?.close());

const open = (agent: ReturnType<typeof botApiAgent>, text: string) =>
  openHeldRequest({ agent, apiRoot: emulator.url, token: bot.token, method: "sendMessage", params: { chat_id: user.id, text }, timeoutMs: 5000 });

describe("held Bot API requests", () => {
  it("nothing is sent while held; finish sends it once and answers; abort sends nothing", async () => {
    const agent = botApiAgent(emulator.url, 4);
    const held = await open(agent, "held then finished");
    const aborted = await open(agent, "held then aborted");
    await sleep(300);
    expect((await control.sent(bot.id, user.id)).map((m) => m.text)).toEqual([]);

    held.finish();
    const answer = await held.answer;
    expect(answer).toMatchObject({ ok: true, result: { text: "held then finished" } });
    aborted.abort();
    await expect(aborted.answer).rejects.toThrow(/aborted/);
    await sleep(300);
    const sent = await control.sent(bot.id, user.id);
    expect(sent.map((m) => m.text)).toEqual(["held then finished"]);
    expect(sent[0]!.message_id).toBe((answer as { result: { message_id: number } }).result.message_id);

    // Telegram's errors come back as answers, not exceptions.
    const bad = await openHeldRequest({ agent, apiRoot: emulator.url, token: bot.token, method: "sendMessage", params: { chat_id: 999_999_999, text: "x" }, timeoutMs: 5000 });
    bad.finish();
    expect(await bad.answer).toMatchObject({ ok: false, error_code: 400 });
    agent.destroy();
  });

  it("a client killed while holding its requests sends nothing", async () => {
    // A child process opens three requests, says so, and is killed with SIGKILL.
    const script = `
      const m = await import("./lib/telegram/held-request.ts");
      const { botApiAgent, openHeldRequest } = m.default ?? m;
      const agent = botApiAgent(${JSON.stringify(emulator.url)}, 4);
      for (let i = 0; i < 3; i++) {
        await openHeldRequest({ agent, apiRoot: ${JSON.stringify(emulator.url)}, token: ${JSON.stringify(bot.token)}, method: "sendMessage", params: { chat_id: ${user.id}, text: "killed " + i }, timeoutMs: 5000 });
      }
      process.stdout.write("held\\n");
      setInterval(() => undefined, 1000);
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => c.toString().includes("held") && resolve());
      child.once("exit", () => reject(new Error(`the child exited early: ${err}`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    await sleep(500);
    expect((await control.sent(bot.id, user.id)).filter((m) => m.text?.startsWith("killed"))).toEqual([]);
  });
});
