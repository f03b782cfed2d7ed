// `npm start`: the whole console in one command — embedded PostgreSQL (unless
// DATABASE_URL), migrations, first admin, demo mode, web server and worker.
import { bootstrap } from "../lib/runtime/bootstrap";
import { buildIsStale, buildNext, startNext } from "../lib/runtime/next-server";
import { printFirstLogin } from "../lib/runtime/print-login";
import { shouldRunDemo, startDemo } from "../lib/runtime/demo";
import { ensureFirstAdmin } from "../lib/staff/ensure-first-admin";
import { startWorker } from "../lib/jobs/worker";
import { disconnectDb } from "../lib/db/client";
import { env } from "../lib/env";
import { log } from "../lib/log";

const dev = process.argv.includes("--dev");

async function main() {
  const base = await bootstrap();
  const login = await ensureFirstAdmin();
  const demo = (await shouldRunDemo()) ? await startDemo() : null;
  const worker = await startWorker();
  if (!dev && buildIsStale()) buildNext();
  const web = startNext({ port: env.PORT, dev });
  const url = process.env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  await waitForHealth(url);
  if (login) printFirstLogin(url, login);
  else log.info(`Tagflow is running at ${url} (sign in with your account).`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down…");
    web.kill("SIGTERM");
    await worker.stop().catch(() => undefined);
    await demo?.stop().catch(() => undefined);
    await disconnectDb();
    await base.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  web.on("exit", () => void shutdown());
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The web server did not answer at ${url} within 150 s.`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
