// `npm run emulator`: the Bot API emulator alone, on EMULATOR_PORT (default 8081).
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 8081);
  const host = process.env.EMULATOR_HOST ?? "127.0.0.1";
  const emulator = await startEmulator({ port, host });
  console.log(`Bot API emulator listening on ${emulator.url}`);
  console.log(`  Bot API:     ${emulator.url}/bot<token>/<method>  (grammY: { client: { apiRoot: "${emulator.url}" } })`);
  console.log(`  Control API: ${emulator.url}/control  (POST /control/bots {"username":"my_bot"} to create a bot)`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error("emulator failed to start", error);
  process.exit(1);
});
