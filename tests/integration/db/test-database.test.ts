import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../../../lib/db/generated/client";
import { createTestDatabase, type TTestDatabase } from "../../../lib/db/test-database";

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function databaseExists(url: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  let a: TTestDatabase;
  let b: TTestDatabase;
  let prismaA: PrismaClient;
  let prismaB: PrismaClient;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    prismaA = new PrismaClient({ adapter: new PrismaPg({ connectionString: a.url }) });
    prismaB = new PrismaClient({ adapter: new PrismaPg({ connectionString: b.url }) });
  });
  afterAll(async () => {
    await prismaA?.$disconnect();
    await prismaB?.$disconnect();
    await a?.drop();
    await b?.drop();
  });

  it("gives each caller its own database on a local server", () => {
    expect(databaseName(a.url)).not.toBe(databaseName(b.url));
    expect(["127.0.0.1", "localhost", "[::1]"]).toContain(new URL(a.url).hostname);
  });

  it("gives migrated databases that the Prisma client can use", async () => {
    const tag = await prismaA.tag.create({ data: { name: "vip" } });
    expect(tag.color).toBe("#6366f1");
    expect(await prismaA.tag.count()).toBe(1);
  });

  it("keeps databases isolated from each other", async () => {
    await prismaB.tag.create({ data: { name: "only-in-b" } });
    expect((await prismaA.tag.findMany()).map((t) => t.name)).not.toContain("only-in-b");
    expect((await prismaB.tag.findMany()).map((t) => t.name)).toEqual(["only-in-b"]);
  });

  it("drop() removes the database, even with clients still connected", async () => {
    const c = await createTestDatabase();
    const client = new pg.Client({ connectionString: c.url });
    client.on("error", () => undefined); // the server terminates it on drop
    await client.connect();
    await c.drop();
    expect(await databaseExists(a.url, databaseName(c.url))).toBe(false);
    await client.end().catch(() => undefined);
  });

  it("gives an empty database when asked", async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      const { rowCount } = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'");
      await client.end();
      expect(rowCount).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});

describe("the non-local database guard", () => {
  let saved: { url?: string; allow?: string };
  beforeAll(() => {
    saved = { url: process.env.TEST_DATABASE_URL, allow: process.env.ALLOW_NONLOCAL_TEST_DB };
  });
  afterAll(() => {
    process.env.TEST_DATABASE_URL = saved.url;
    if (saved.url === undefined) delete process.env.TEST_DATABASE_URL;
    process.env.ALLOW_NONLOCAL_TEST_DB = saved.allow;
    if (saved.allow === undefined) delete process.env.ALLOW_NONLOCAL_TEST_DB;
  });

  it("refuses a server on another host", async () => {
    process.env.TEST_DATABASE_URL = "postgresql://app:secret@db.example.com:5432/postgres";
    delete process.env.ALLOW_NONLOCAL_TEST_DB;
    await expect(createTestDatabase()).rejects.toThrow(/Refusing to run tests against the database host "db.example.com"/);
  });
});
