// vitest globalSetup for integration tests: one PostgreSQL server for the whole run.
// With TEST_DATABASE_URL set (a server URL, e.g. CI's service container) that server is
// used; otherwise the embedded test server is started here and stopped at the end.
// Test workers are spawned after this runs, so they inherit TEST_DATABASE_URL.
import { startTestPostgresServer } from "../../lib/db/test-database";

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const server = await startTestPostgresServer();
  process.env.TEST_DATABASE_URL = server.serverUrl;
  return async () => {
    delete process.env.TEST_DATABASE_URL;
    await server.stop();
  };
}
