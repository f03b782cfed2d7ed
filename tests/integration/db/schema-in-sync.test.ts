import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { NO_FILTERS, createSchemaEngine, readMigrations, readSchemaFiles } from "../../../lib/db/migrate";

// Catches a schema.prisma change committed without `npm run db:new-migration`.
describe("prisma/migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma", { timeout: 60_000 }, async () => {
    const shadow = new PGlite();
    try {
      const adapter = new PrismaPGlite(shadow);
      const engine = await createSchemaEngine({
        provider: "postgres",
        adapterName: adapter.adapterName,
        connect: () => adapter.connect(),
        connectToShadowDb: () => adapter.connect(),
      });
      const diff = await engine.diff({
        from: { tag: "migrations", ...(await readMigrations()) },
        to: { tag: "schemaDatamodel", files: readSchemaFiles() },
        script: false,
        exitCode: true,
        filters: NO_FILTERS,
      });
      engine.free();
      expect(diff.stdout?.trim() ?? "", "run `npm run db:new-migration -- <name>`").toMatch(/^(No difference detected\.)?$/);
      expect(diff.exitCode).toBe(0);
    } finally {
      await shadow.close();
    }
  });
});
