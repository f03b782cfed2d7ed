// The pg-boss instance of this process. The web process only sends jobs; the
// worker also fetches them and runs the maintenance and cron supervisors.
import { PgBoss } from "pg-boss";
import { databaseUrl } from "../env";
import { JOB_NAMES } from "./schemas";
import { log } from "../log";

const g = globalThis as unknown as { tagflowBoss?: Promise<PgBoss> };

export type TBossRole = "producer" | "worker";

async function create(role: TBossRole): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl(),
    schema: "pgboss",
    max: role === "worker" ? 8 : 4,
    supervise: role === "worker",
    schedule: role === "worker",
    useListenNotify: role === "worker",
    application_name: `tagflow-${role}`,
  });
  boss.on("error", (e: unknown) => log.error("job queue error", { error: e instanceof Error ? e.message : String(e) }));
  await boss.start();
  for (const name of JOB_NAMES) {
    // createQueue is idempotent in pg-boss 12 (no-op when the queue exists).
    await boss.createQueue(name, { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300, notify: true });
  }
  return boss;
}

let roleOfThisProcess: TBossRole = "producer";

/** Call once at worker start-up, before anything sends a job. */
export function setBossRole(role: TBossRole): void {
  roleOfThisProcess = role;
}

export function getBoss(): Promise<PgBoss> {
  if (!g.tagflowBoss) {
    g.tagflowBoss = create(roleOfThisProcess).catch((e: unknown) => {
      g.tagflowBoss = undefined;
      throw e;
    });
  }
  return g.tagflowBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = g.tagflowBoss;
  g.tagflowBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 5000 });
}
