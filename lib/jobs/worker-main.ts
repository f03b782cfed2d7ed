// `npm run worker`: the job worker and bot pollers, alone. Several may run.
import { bootstrap } from "../runtime/bootstrap";
import { startWorker } from "./worker";
import { disconnectDb } from "../db/client";

async function main() {
  const base = await bootstrap();
  const worker = await startWorker();
  const stop = async () => {
    await worker.stop().catch(() => undefined);
    await disconnectDb();
    await base.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
