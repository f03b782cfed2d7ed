// Shared start-up for every entry point (console, web, worker, tests):
// database (embedded unless DATABASE_URL), auth secret, migrations.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "../env";
import { ensureEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrate";
import { log } from "../log";

export type TBootstrap = { databaseUrl: string; embedded: boolean; stop(): Promise<void> };

export async function bootstrap(opts: { migrate?: boolean } = {}): Promise<TBootstrap> {
  const dataDir = resolve(env.TAGFLOW_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let stop = async () => {};
  let embedded = false;
  if (!process.env.DATABASE_URL) {
    const pg = await ensureEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, log: (s) => log.info(s) });
    process.env.DATABASE_URL = pg.url;
    embedded = true;
    if (pg.startedHere) stop = () => pg.stop();
  }
  process.env.NEXTAUTH_SECRET ??= authSecret(dataDir);
  process.env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;
  if (opts.migrate !== false) {
    const { applied } = await applyMigrations(process.env.DATABASE_URL);
    if (applied.length > 0) log.info("database migrated", { applied });
  }
  return { databaseUrl: process.env.DATABASE_URL, embedded, stop };
}

/** A random secret generated on first start and kept in the data folder. */
function authSecret(dataDir: string): string {
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
