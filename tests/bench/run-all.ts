// `npm run bench`: every tests/bench/*.bench.ts, one after the other, each in its own
// process (`node --import tsx <file> <args>`), then one summary line per bench.
// The arguments are passed to every bench unchanged (so use options every bench knows,
// e.g. `npm run bench -- --seed 2`; run one bench with its own npm script for the rest).
// Exits 1 when any bench exits non-zero; the benches after it still run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const BENCH_DIR = path.resolve("tests/bench");

type TOutcome = { file: string; code: number | null; signal: NodeJS.Signals | null; seconds: number };

function run(file: string, args: readonly string[]): Promise<TOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { stdio: "inherit" });
    const done = (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({ file: path.relative(process.cwd(), file), code, signal, seconds: (performance.now() - started) / 1000 });
    child.once("error", (e) => {
      console.error(`cannot start ${file}: ${e.message}`);
      done(null, null);
    });
    child.once("exit", done);
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const files = fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()
    .map((f) => path.join(BENCH_DIR, f));
  if (files.length === 0) {
    console.error(`no *.bench.ts in ${path.relative(process.cwd(), BENCH_DIR)}`);
    return 1;
  }
  // Ctrl-C reaches the running bench too (same process group); it cleans up and exits.
  let interrupted = false;
  process.on("SIGINT", () => void (interrupted = true));

  const outcomes: TOutcome[] = [];
  for (const file of files) {
    if (interrupted) break;
    console.log(`\n━━━━ ${path.relative(process.cwd(), file)} ${args.join(" ")}`.trimEnd());
    outcomes.push(await run(file, args));
  }

  console.log("\n━━━━ benchmarks");
  for (const o of outcomes) {
    const status = o.code === 0 ? "ok" : o.signal ? `killed (${o.signal})` : `FAILED (exit ${o.code ?? "?"})`;
    console.log(`  ${o.file.padEnd(36)} ${status.padEnd(18)} ${o.seconds.toFixed(1).padStart(7)} s`);
  }
  const skipped = files.length - outcomes.length;
  if (skipped > 0) console.log(`  (${skipped} not run: interrupted)`);
  return outcomes.every((o) => o.code === 0) && skipped === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
