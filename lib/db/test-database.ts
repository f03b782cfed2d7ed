// Real PostgreSQL databases for integration tests.
//
// The server: TEST_DATABASE_URL (a server URL; the vitest globalSetup sets it after
// startTestPostgresServer()), else an embedded server in .data/test-pg on port 54339
// (TEST_PG_PORT=N: .data/test-pg-N on port N).
// Each test database is a copy of `tagflow_test_template`, which is migrated once and
// rebuilt only when prisma/migrations change (its fingerprint is the database comment).
import { createHash } from "node:crypto";
import pg from "pg";
import { ensureEmbeddedPostgres, isAlive } from "./embedded";
import { applyMigrations, readMigrations } from "./migrate";

const TEST_PG_PORT = Number(process.env.TEST_PG_PORT ?? 54339);
/** One data folder per port, so test runs on different ports (TEST_PG_PORT) can run side by side. */
const TEST_PG_DIR = process.env.TEST_PG_PORT ? `.data/test-pg-${TEST_PG_PORT}` : ".data/test-pg";
const TEMPLATE = "tagflow_test_template";
const PREFIX = "tagflow_test_";
/** pg_advisory_lock key guarding the template: exclusive to build it, shared to copy it. */
const TEMPLATE_LOCK = 7_215_006;
/** Durability is not needed for throwaway data; these make CREATE DATABASE and commits cheap. */
const FAST_SETTINGS = { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };

export interface TTestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Starts (or reuses) the embedded test server; for a vitest globalSetup. */
export async function startTestPostgresServer(): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  const server = await ensureEmbeddedPostgres({
    dataDir: TEST_PG_DIR,
    port: TEST_PG_PORT,
    settings: FAST_SETTINGS,
    log: () => undefined,
  });
  const serverUrl = withDatabase(server.url, "postgres");
  await dropAbandonedDatabases(serverUrl);
  return { serverUrl, stop: server.stop };
}

let fallbackServer: Promise<string> | undefined;
const templates = new Map<string, Promise<void>>();
let counter = 0;

/**
 * A fresh database of its own, migrated (a copy of the template) unless `migrated: false`
 * asks for an empty one. `drop()` removes it.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TTestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || (await (fallbackServer ??= startFallbackServer()));
  assertLocal(serverUrl);
  const migrated = opts.migrated ?? true;
  if (migrated) await ensureTemplate(serverUrl);

  const name = `${PREFIX}${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await withClient(serverUrl, async (client) => {
    if (!migrated) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0`);
      return;
    }
    await client.query("SELECT pg_advisory_lock_shared($1)", [TEMPLATE_LOCK]);
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${TEMPLATE}`);
    } finally {
      await client.query("SELECT pg_advisory_unlock_shared($1)", [TEMPLATE_LOCK]);
    }
  });
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

/** Once per process and server. */
function ensureTemplate(serverUrl: string): Promise<void> {
  let template = templates.get(serverUrl);
  if (!template) {
    template = prepareTemplate(serverUrl);
    templates.set(serverUrl, template);
    template.catch(() => templates.delete(serverUrl));
  }
  return template;
}

async function startFallbackServer(): Promise<string> {
  return (await startTestPostgresServer()).serverUrl;
}

/** (Re)builds the template unless it already holds exactly the current migrations. */
async function prepareTemplate(serverUrl: string): Promise<void> {
  const fingerprint = await migrationsFingerprint();
  await withClient(serverUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    try {
      const found = await client.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [TEMPLATE],
      );
      if (found.rows[0]?.comment === fingerprint) return;
      await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${TEMPLATE}`);
      await applyMigrations(withDatabase(serverUrl, TEMPLATE));
      await client.query(`COMMENT ON DATABASE ${TEMPLATE} IS ${client.escapeLiteral(fingerprint)}`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]);
    }
  });
}

async function migrationsFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of (await readMigrations()).migrationDirectories) {
    hash.update(`${dir.path}\0${dir.migrationFile.content.value}\0`);
  }
  return `migrations sha256:${hash.digest("hex")}`;
}

/** Drops test databases left behind by test processes of this host that no longer run. */
async function dropAbandonedDatabases(serverUrl: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2",
      [`${PREFIX}%`, TEMPLATE],
    );
    for (const { datname } of rows) {
      const pid = Number.parseInt(datname.slice(PREFIX.length), 10);
      if (isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

/** Refuse any server but this machine's unless told otherwise. */
function assertLocal(serverUrl: string): void {
  if (process.env.ALLOW_NONLOCAL_TEST_DB === "1") return;
  const url = new URL(serverUrl);
  const host = url.hostname || url.searchParams.get("host") || "";
  const local = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host) || host.startsWith("/");
  if (!local) {
    throw new Error(
      `Refusing to run tests against the database host "${host}": tests create and drop databases. ` +
        "Use a local server, or set ALLOW_NONLOCAL_TEST_DB=1 if it really is a throwaway test server.",
    );
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
