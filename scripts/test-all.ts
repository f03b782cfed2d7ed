// `npm test`: every test depth in order — unit, integration (real PostgreSQL),
// then end-to-end in Chromium — and one closing line with the totals.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, mkdirSync } from "node:fs";

type TCount = { passed: number; failed: number; skipped: number };
const totals: TCount = { passed: 0, failed: 0, skipped: 0 };
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" };
mkdirSync(".data/test-results", { recursive: true });

function run(label: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return res.status === 0;
}

function ensureChromium(): void {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium not found at ${path}. Install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  console.log("Installing Debian's chromium for the browser tests…");
  spawnSync("apt-get", ["update"], { stdio: "inherit" });
  const res = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  if (res.status !== 0) process.exit(1);
}

function addVitest(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function addPlaywright(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
}

const vitest = (project: string) => [
  "node_modules/vitest/vitest.mjs", "run", "--project", project,
  "--reporter=default", "--reporter=json", `--outputFile.json=.data/test-results/${project}.json`,
];

let ok = true;
ok = run("typecheck (app, tests, scripts)", process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]) && ok;
ok = run("unit tests", process.execPath, vitest("unit")) && ok;
addVitest(".data/test-results/unit.json");
ok = run("integration tests (PostgreSQL)", process.execPath, vitest("integration")) && ok;
addVitest(".data/test-results/integration.json");
ensureChromium();
ok = run("build the console", process.execPath, ["node_modules/next/dist/bin/next", "build"]) && ok;
if (ok) {
  ok = run("end-to-end tests (Chromium)", process.execPath, ["node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: ".data/test-results/e2e.json",
  }) && ok;
  addPlaywright(".data/test-results/e2e.json");
} else {
  console.error("Skipping end-to-end tests: an earlier step failed.");
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
