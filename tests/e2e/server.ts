// The end-to-end environment, started by Playwright's webServer: a fresh
// database on a local PostgreSQL, seeded staff, the Bot API emulator, the
// worker in-process and the built Next.js server.
import { writeFileSync, mkdirSync } from "node:fs";
import { createTestDatabase } from "../../lib/db/test-database";
import { E2E } from "./config";

async function main() {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.PORT = String(E2E.port);
  process.env.NEXTAUTH_URL = E2E.baseUrl;
  process.env.DEMO_MODE = "off";
  process.env.NEXTAUTH_SECRET ??= "e2e-only-secret-not-for-production";
  const { bootstrap } = await import("../../lib/runtime/bootstrap");
  const { startEmulator } = await import("../../lib/emulator/server");
  const { startWorker } = await import("../../lib/jobs/worker");
  const { startNext, buildIsStale, buildNext } = await import("../../lib/runtime/next-server");
  const { createStaff } = await import("../../lib/staff/create-staff");
  await bootstrap();
  for (const [role, email] of Object.entries(E2E.staff)) {
    await createStaff({ email, name: `${role[0]}${role.slice(1).toLowerCase()} E2E`, role: role as keyof typeof E2E.staff, password: E2E.password });
  }
  mkdirSync(".data", { recursive: true });
  writeFileSync(E2E.stateFile, JSON.stringify({ databaseUrl: database.url }));
  const emulator = await startEmulator({ port: E2E.emulatorPort });
  const worker = await startWorker();
  if (buildIsStale()) buildNext();
  const web = startNext({ port: E2E.port, dev: false });
  const stop = async () => {
    web.kill("SIGTERM");
    await worker.stop().catch(() => undefined);
    await emulator.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
