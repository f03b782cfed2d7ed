// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the committed migrations to prisma/schema.prisma (what
// `prisma migrate dev --create-only` does). The committed migrations are replayed on an
// in-memory PGlite database (the shadow database); no server is needed.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  LOCKFILE_CONTENT,
  MIGRATIONS_DIR,
  NO_FILTERS,
  createSchemaEngine,
  readMigrations,
  readSchemaFiles,
} from "../lib/db/migrate";

async function main(): Promise<void> {
  const name = migrationName(process.argv.slice(2).join(" "));
  const lockfile = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!fs.existsSync(lockfile)) {
    fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
    fs.writeFileSync(lockfile, LOCKFILE_CONTENT);
    console.log(`wrote ${lockfile}`);
  }

  const startedAt = Date.now();
  const shadow = new PGlite();
  try {
    // The diff only needs the shadow database; the "main" connection is never queried.
    const adapter = new PrismaPGlite(shadow);
    const engine = await createSchemaEngine(
      {
        provider: "postgres",
        adapterName: adapter.adapterName,
        connect: () => adapter.connect(),
        connectToShadowDb: () => adapter.connect(),
      },
      (s) => console.error(s),
    );
    const { stdout } = await engine.diff({
      from: { tag: "migrations", ...(await readMigrations()) },
      to: { tag: "schemaDatamodel", files: readSchemaFiles() },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    engine.free();

    const sql = stdout ?? "";
    if (!hasStatements(sql)) {
      console.log("no changes: the migrations already match prisma/schema.prisma");
      return;
    }
    const dir = path.join(MIGRATIONS_DIR, `${timestamp(new Date())}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.join(dir, "migration.sql")} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
    console.log("Review it (data-losing steps are not flagged), then `npm run db:migrate` and commit it.");
  } finally {
    await shadow.close();
  }
}

function migrationName(raw: string): string {
  const name = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!name) {
    console.error("usage: npm run db:new-migration -- <name>   (e.g. add_campaigns)");
    process.exit(2);
  }
  return name;
}

/** YYYYMMDDHHMMSS in UTC, as Prisma names migrations. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/\D/g, "").slice(0, 14);
}

function hasStatements(sql: string): boolean {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
