// Prisma CLI configuration. Only `prisma generate` runs through the CLI here;
// migrations are applied by scripts/db-migrate.ts with Prisma's WebAssembly
// schema engine, so no native engine binary is ever needed.
import { defineConfig } from "prisma/config";

if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/false";
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/tagflow",
  },
});
