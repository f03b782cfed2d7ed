// Regenerates the Prisma client when prisma/schema.prisma changed since it was
// generated (e.g. after `git pull` without `npm install`). Runs before start,
// dev, web and worker, and after install (with --force). Fast when up to date.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const SCHEMA = "prisma/schema.prisma";
const STAMP = "lib/db/generated/.schema-sha256";
const hash = createHash("sha256").update(readFileSync(SCHEMA)).digest("hex");
const force = process.argv.includes("--force");

if (force || !existsSync(STAMP) || readFileSync(STAMP, "utf8").trim() !== hash) {
  if (!force) console.log("The database schema changed: regenerating the Prisma client…");
  const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit" });
  if (res.status !== 0) process.exit(res.status ?? 1);
  writeFileSync(STAMP, hash + "\n");
}
