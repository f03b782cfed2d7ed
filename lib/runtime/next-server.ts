// Builds (when needed) and runs the Next.js server as a child process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { log } from "../log";

const SOURCE_DIRS = ["app", "components", "lib", "public"];

function newestSourceMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIsStale(): boolean {
  const marker = join(".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return SOURCE_DIRS.some((d) => newestSourceMtime(d) > built) || ["next.config.mjs", "package.json"].some((f) => statSync(f).mtimeMs > built);
}

export function buildNext(): void {
  log.info("building the console (next build), about a minute on first start…");
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) throw new Error("next build failed; see the output above.");
}

export function startNext(opts: { port: number; dev: boolean }): ChildProcess {
  const args = ["node_modules/next/dist/bin/next", opts.dev ? "dev" : "start", "-p", String(opts.port)];
  const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  child.on("exit", (code, signal) => {
    if (signal !== "SIGTERM") log.error("the web server stopped", { code, signal });
  });
  return child;
}
