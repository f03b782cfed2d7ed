// The single Prisma client. Secrets (password hashes, bot tokens) are omitted
// by default; code that needs them asks with `omit: { field: false }`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl } from "../env";

function createClient() {
  // Idle connections are kept for 5 minutes (pg's default is 10 s): a new PostgreSQL backend
  // pays for mapping the shared buffers it reads, about 0.3 s for a segment count over a
  // million users, so a marketer pausing between edits should find a warm one. Idle
  // connections do not keep a script's process alive (allowExitOnIdle).
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: 10, idleTimeoutMillis: 300_000, allowExitOnIdle: true });
  return new PrismaClient({
    adapter,
    omit: { staffUser: { passwordHash: true }, bot: { token: true, webhookSecret: true } },
  });
}

export type TDb = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { tagflowDb?: TDb };

/** Lazily created so importing this module never needs a database. */
export function db(): TDb {
  if (!globalForDb.tagflowDb) globalForDb.tagflowDb = createClient();
  return globalForDb.tagflowDb;
}

export async function disconnectDb(): Promise<void> {
  if (globalForDb.tagflowDb) {
    await globalForDb.tagflowDb.$disconnect();
    globalForDb.tagflowDb = undefined;
  }
}

export { Prisma } from "./generated/client";
export type * from "./generated/client";
