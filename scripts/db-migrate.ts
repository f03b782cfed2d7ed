// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL or, when it is not set,
// to the embedded PostgreSQL in TAGFLOW_DATA_DIR (started for the occasion if needed).
import { env } from "../lib/env";
import { ensureEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";

async function main(): Promise<void> {
  const embedded = env.DATABASE_URL
    ? undefined
    : await ensureEmbeddedPostgres({ dataDir: env.TAGFLOW_DATA_DIR, port: env.EMBEDDED_PG_PORT });
  try {
    const url = env.DATABASE_URL ?? embedded?.url;
    if (!url) throw new Error("no database");
    const target = embedded ? `embedded PostgreSQL (${env.TAGFLOW_DATA_DIR})` : redact(url);
    const startedAt = Date.now();
    const { applied } = await applyMigrations(url, { log: (s) => console.log(s) });
    const took = `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
    console.log(
      applied.length === 0
        ? `${target}: already up to date (${took})`
        : `${target}: applied ${applied.length} migration(s) in ${took}`,
    );
  } finally {
    await embedded?.stop();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "DATABASE_URL";
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
