import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../lib/db/migrate";
import { createTestDatabase, type TTestDatabase } from "../../../lib/db/test-database";

const migrationsDir = path.resolve("prisma/migrations");
const migrationNames = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const schema = fs.readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
const enums = [...schema.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("applyMigrations on an empty database", () => {
  let db: TTestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("applies every migration in prisma/migrations, in order", async () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    const { applied } = await applyMigrations(db.url);
    expect(applied).toEqual(migrationNames);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(db.url)).toEqual({ applied: [] });
  });

  it("records each migration in _prisma_migrations as the Prisma CLI does", async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(db.url, "SELECT * FROM _prisma_migrations ORDER BY migration_name");
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("creates a table for every model and a type for every enum of schema.prisma", async () => {
    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual([...models, "_prisma_migrations"].sort());
    const types = await query<{ typname: string }>(
      db.url,
      "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
    );
    expect(types.map((t) => t.typname).sort()).toEqual([...enums].sort());
  });
});

describe("applyMigrations run on several connections at once", () => {
  it("applies each migration exactly once", async () => {
    const db = await createTestDatabase({ migrated: false });
    try {
      const results = await Promise.all([applyMigrations(db.url), applyMigrations(db.url), applyMigrations(db.url)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(migrationNames);
      const rows = await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM _prisma_migrations");
      expect(Number(rows[0]?.n)).toBe(migrationNames.length);
    } finally {
      await db.drop();
    }
  });
});
