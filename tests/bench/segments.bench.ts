// `npm run bench:segments`: how fast segments count at scale. Generates one bot with
// 1,000,000 Telegram users, 20,000,000 events and 50 tags (skewed, realistic distributions:
// see tests/bench/segments-data.ts; generation time and table sizes are reported), then
// times 10 documented segments of increasing complexity through the real code path
// (lib/segments/evaluate-segment.ts `evaluateSegment`, count only) and prints cold and warm
// figures per segment. Aim from the issue: p95 ≤ 150 ms for each at 1M users.
//
//   npm run bench:segments -- [--users 1000000] [--events 20000000] [--tags 50] [--seed 1]
//                             [--runs 20] [--explain 3] [--only 1,6,10] [--keep] [--reuse NAME]
//                             [--gen-work-mem 2GB] [--out bench-results/segments.json]
//
// --keep         keep the generated database (named after the options, printed at the end);
// --reuse NAME   time again on a kept database without generating (its data set, seed and
//                reference instant come from the database itself);
// --explain K    EXPLAIN (ANALYZE, BUFFERS) of the K slowest segments (by warm p95), printed
//                and stored in the JSON (0: none);
// --only LIST    time only these segments (numbers 1–10).
// Scale down for development: --users 20000 --events 400000 (a few seconds to generate).
//
// What "cold" and "warm" mean here. Dropping PostgreSQL's shared buffers needs a server
// restart and dropping the OS page cache needs root tricks that would disturb whatever else
// runs on the machine, so neither is done:
//   cold   the first execution of the segment in a NEW server connection (the Prisma client
//          is recreated and its connection opened with `SELECT 1` before the clock starts):
//          the backend's catalog and plan caches are empty, as for the first request a new
//          web process serves. The table data is wherever the earlier segments (and the load)
//          left it: mostly in the OS page cache, partly in shared_buffers.
//   warm   the next --runs executions in that connection, one after the other.
// Every figure is evaluateSegment's own `ms`: compiling the rules (which reads the lifecycle
// settings and, for segment conditions, the referenced segment), the REPEATABLE READ
// transaction, `SET LOCAL work_mem`, the count query, the commit. All at one fixed `now`
// (the instant the data was generated around), so every run counts the same users; the bench
// fails if a count ever differs between runs of a segment.
//
// The database is a copy of the migrated test template on the embedded test server
// (lib/db/test-database.ts; TEST_PG_PORT=N picks the server, TEST_DATABASE_URL any server),
// renamed so that the test runner's clean-up of abandoned test databases leaves a kept one alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { BENCH_BOT_ID, META_KEY, dataProfile, generateSegmentsData, tableSizes, tagId, tagName, type TDataProfile, type TGenerateReport, type TTableSize } from "./segments-data";
import { cleanupStack, machineInfo, runBench, useTestServer } from "./harness";

const AIM_MS = 150;

// ------------------------------------------------------------------------------------ options

type TArgs = {
  users: number;
  events: number;
  tags: number;
  seed: number;
  runs: number;
  explain: number;
  only: number[] | null;
  keep: boolean;
  reuse: string | null;
  genWorkMem: string;
  out: string;
};

class UsageError extends Error {}

const USAGE =
  "npm run bench:segments -- [--users 1000000] [--events 20000000] [--tags 50] [--seed 1] [--runs 20] [--explain 3] [--only 1,6,10] [--keep] [--reuse NAME] [--gen-work-mem 2GB] [--out FILE]";

function parseArgs(argv: string[]): TArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${arg} (see --help)`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "keep") flags.add(name);
    else values.set(name, inline ?? argv[++i] ?? "");
  }
  const known = new Set(["users", "events", "tags", "seed", "runs", "explain", "only", "reuse", "gen-work-mem", "out"]);
  for (const name of values.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name} (see --help)`);
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const onlyRaw = values.get("only");
  const only = onlyRaw === undefined ? null : onlyRaw.split(",").map((s) => Number(s.trim()));
  if (only && (only.length === 0 || only.some((n) => !Number.isInteger(n) || n < 1 || n > SEGMENTS.length)))
    throw new UsageError(`--only takes segment numbers 1–${SEGMENTS.length}, comma-separated`);
  const reuse = values.get("reuse") ?? null;
  if (reuse !== null && !/^[a-z0-9_]+$/.test(reuse)) throw new UsageError("--reuse takes a database name (a-z, 0-9, _)");
  const genWorkMem = values.get("gen-work-mem") ?? "2GB";
  if (!/^\d+\s*(kB|MB|GB)$/.test(genWorkMem)) throw new UsageError("--gen-work-mem takes a size such as 512MB or 2GB");
  return {
    users: int("users", 1_000_000, 100, 50_000_000),
    events: int("events", 20_000_000, 100, 2_000_000_000),
    tags: int("tags", 50, 10, 4095),
    seed: int("seed", 1, 0, 1_000_000),
    runs: int("runs", 20, 1, 10_000),
    explain: int("explain", 3, 0, SEGMENTS.length),
    only,
    keep: flags.has("keep"),
    reuse,
    genWorkMem,
    out: values.get("out") ?? "bench-results/segments.json",
  };
}

// ------------------------------------------------------------------------------------ the segments

type TRefs = { tag: (name: string) => string; segment: (name: string) => string };
type TSegmentDef = { n: number; name: string; description: string; rules: (refs: TRefs) => unknown };

/** Dynamic segments stored in the bench database, for `segment` conditions. */
const STORED_SEGMENTS: { name: string; description: string; rules: (refs: TRefs) => unknown }[] = [
  {
    name: "Recently engaged",
    description: "active lifecycle stage, or at least 3 messages received in the last 30 days",
    rules: () => ({
      type: "group",
      op: "or",
      children: [
        { type: "lifecycle", stages: ["active"] },
        { type: "event", name: "message_received", count: { op: "at_least", n: 3 }, window: { kind: "last_days", days: 30 } },
      ],
    }),
  },
];

/** The ten timed segments, simplest first. */
const SEGMENTS: TSegmentDef[] = [
  {
    n: 1,
    name: "English speakers",
    description: "language is en (one column of the user row)",
    rules: () => ({ type: "group", op: "and", children: [{ type: "language", languages: ["en"] }] }),
  },
  {
    n: 2,
    name: "Tag Interest-Tech",
    description: "has the tag Interest-Tech (semi-join with UserTag)",
    rules: (r) => ({ type: "group", op: "and", children: [{ type: "tag", op: "has", tagIds: [r.tag("Interest-Tech")] }] }),
  },
  {
    n: 3,
    name: "Active or dormant",
    description: "lifecycle stage active or dormant (not blocked, first seen > 3 days ago, last seen within 30 days)",
    rules: () => ({ type: "group", op: "and", children: [{ type: "lifecycle", stages: ["active", "dormant"] }] }),
  },
  {
    n: 4,
    name: "Came via src_ links",
    description: "source (deep-link payload) starts with src_",
    rules: () => ({ type: "group", op: "and", children: [{ type: "source", op: "starts_with", values: ["src_"] }] }),
  },
  {
    n: 5,
    name: "Clicked twice in 30 days",
    description: "did button_click at least 2 times in the last 30 days (events grouped per user)",
    rules: () => ({
      type: "group",
      op: "and",
      children: [{ type: "event", name: "button_click", count: { op: "at_least", n: 2 }, window: { kind: "last_days", days: 30 } }],
    }),
  },
  {
    n: 6,
    name: "Engaged tech fans",
    description: "the issue's example: has tag Interest-Tech AND lifecycle active or dormant AND did button_click ≥ 2 times in the last 30 days",
    rules: (r) => ({
      type: "group",
      op: "and",
      children: [
        { type: "tag", op: "has", tagIds: [r.tag("Interest-Tech")] },
        { type: "lifecycle", stages: ["active", "dormant"] },
        { type: "event", name: "button_click", count: { op: "at_least", n: 2 }, window: { kind: "last_days", days: 30 } },
      ],
    }),
  },
  {
    n: 7,
    name: "Spent over 100 in 90 days",
    description: "value: sum of purchase.amount over the last 90 days > 100",
    rules: () => ({
      type: "group",
      op: "and",
      children: [{ type: "value", event: "purchase", measure: "sum", property: "amount", op: "gt", value: 100, window: { kind: "last_days", days: 90 } }],
    }),
  },
  {
    n: 8,
    name: "Pro or over 30, not blocked",
    description: '(attribute plan = "pro" OR attribute age > 30) AND NOT blocked (JSON attributes of every user)',
    rules: () => ({
      type: "group",
      op: "and",
      children: [
        {
          type: "group",
          op: "or",
          children: [
            { type: "attribute", key: "plan", valueType: "text", op: "eq", value: "pro" },
            { type: "attribute", key: "age", valueType: "number", op: "gt", value: 30 },
          ],
        },
        { type: "group", op: "and", not: true, children: [{ type: "status", status: "blocked" }] },
      ],
    }),
  },
  {
    n: 9,
    name: "Re-engagement mix",
    description:
      "OR of three ANDs: (Interest-Music AND last seen > 30 days ago AND NOT tag Promo-OptOut) OR " +
      "(ever purchased AND NOT app_open in the last 14 days) OR " +
      "(language ru/uk AND first seen within 90 days AND NOT (tag Lead-Warm or Beta-Tester OR premium))",
    rules: (r) => ({
      type: "group",
      op: "or",
      children: [
        {
          type: "group",
          op: "and",
          children: [
            { type: "tag", op: "has", tagIds: [r.tag("Interest-Music")] },
            { type: "seen", field: "last", op: "more_than_days_ago", days: 30 },
            { type: "tag", op: "has_not", tagIds: [r.tag("Promo-OptOut")] },
          ],
        },
        {
          type: "group",
          op: "and",
          children: [
            { type: "event", name: "purchase" },
            { type: "group", op: "and", not: true, children: [{ type: "event", name: "app_open", window: { kind: "last_days", days: 14 } }] },
          ],
        },
        {
          type: "group",
          op: "and",
          children: [
            { type: "language", languages: ["ru", "uk"] },
            { type: "seen", field: "first", op: "within_days", days: 90 },
            {
              type: "group",
              op: "or",
              not: true,
              children: [
                { type: "tag", op: "has", match: "any", tagIds: [r.tag("Lead-Warm"), r.tag("Beta-Tester")] },
                { type: "premium", value: true },
              ],
            },
          ],
        },
      ],
    }),
  },
  {
    n: 10,
    name: "VIP win-back",
    description:
      "3 levels: tags Interest-Tech AND Interest-Gaming (all of) AND (purchase with amount > 50 in 180 days OR " +
      '(button_click with data = "plan:upgrade" in 60 days AND plan ≠ "pro")) AND did NOT purchase in the last 30 days ' +
      'AND in the dynamic segment "Recently engaged" (active OR ≥ 3 message_received in 30 days) AND reachable',
    rules: (r) => ({
      type: "group",
      op: "and",
      children: [
        { type: "tag", op: "has", match: "all", tagIds: [r.tag("Interest-Tech"), r.tag("Interest-Gaming")] },
        {
          type: "group",
          op: "or",
          children: [
            {
              type: "event",
              name: "purchase",
              window: { kind: "last_days", days: 180 },
              where: { key: "amount", valueType: "number", op: "gt", value: 50 },
            },
            {
              type: "group",
              op: "and",
              children: [
                {
                  type: "event",
                  name: "button_click",
                  window: { kind: "last_days", days: 60 },
                  where: { key: "data", valueType: "text", op: "eq", value: "plan:upgrade" },
                },
                { type: "attribute", key: "plan", valueType: "text", op: "neq", value: "pro" },
              ],
            },
          ],
        },
        { type: "event", name: "purchase", did: false, window: { kind: "last_days", days: 30 } },
        { type: "segment", segmentId: r.segment("Recently engaged"), in: true },
        { type: "status", status: "reachable" },
      ],
    }),
  },
];

// ------------------------------------------------------------------------------------ small tools

type TStats = { n: number; mean: number; p50: number; p95: number; max: number };

/** Nearest-rank percentiles. */
function stats(values: readonly number[]): TStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (q: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? 0));
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { n, mean: round(n ? sum / n : 0), p50: round(at(0.5)), p95: round(at(0.95)), max: round(at(1)) };
}
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const fmt = (n: number) => n.toLocaleString("en-US");
const mb = (bytes: number) => `${fmt(Math.round(bytes / 2 ** 20))} MB`;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "tagflow-bench-segments" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

type TMeta = {
  users: number;
  events: number;
  tags: number;
  seed: number;
  now: string;
  generatedAt: string;
  generation: TGenerateReport;
  sizes: TTableSize[];
  profile: TDataProfile;
};

type TSegmentResult = {
  n: number;
  name: string;
  description: string;
  rules: unknown;
  count: number;
  coldMs: number;
  warm: TStats;
  aimMet: boolean;
};

// ------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const outFile = path.resolve(args.out);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  process.env.LOG_LEVEL ||= "warn";

  const cleanup = cleanupStack();

  const machine = machineInfo();

  try {
    // ---- the server and the database
    const { createTestDatabase } = await import("../../lib/db/test-database");
    const { server, serverUrl } = await useTestServer(cleanup);
    const dbName = args.reuse ?? `tagflow_bench_segments_u${args.users}_e${args.events}_t${args.tags}_s${args.seed}`;
    const dbUrl = withDatabase(serverUrl, dbName);
    const dropDb = () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(dbName)} WITH (FORCE)`));
    const keep = args.keep || args.reuse !== null;

    console.log(`\nSegments bench — ${server}, database ${dbName}`);
    let meta: TMeta;
    if (args.reuse) {
      const exists = await withClient(serverUrl, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]));
      if (exists.rowCount === 0) throw new UsageError(`--reuse ${dbName}: no such database on this server (generate with --keep first)`);
      const row = await withClient(dbUrl, (c) => c.query<{ value: TMeta }>(`SELECT "value" FROM "AppSetting" WHERE "key" = $1`, [META_KEY]));
      if (!row.rows[0]) throw new UsageError(`--reuse ${dbName}: this database was not generated by bench:segments`);
      meta = row.rows[0].value;
      console.log(`  reusing: ${fmt(meta.users)} users, ${fmt(meta.events)} events, ${meta.tags} tags, seed ${meta.seed}, generated ${meta.generatedAt}`);
    } else {
      // A copy of the migrated template, renamed out of the test runner's clean-up pattern.
      await dropDb();
      const fresh = await createTestDatabase();
      const freshName = new URL(fresh.url).pathname.slice(1);
      await withClient(serverUrl, (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(freshName)} RENAME TO ${c.escapeIdentifier(dbName)}`));
      if (!keep) cleanup.push(dropDb);
      const now = new Date(Math.floor(Date.now() / 1000) * 1000);
      console.log(`  generating ${fmt(args.users)} users, ${fmt(args.events)} events, ${args.tags} tags (seed ${args.seed}, now = ${now.toISOString()})`);
      const generation = await generateSegmentsData(dbUrl, {
        users: args.users,
        events: args.events,
        tags: args.tags,
        seed: args.seed,
        now,
        workMem: args.genWorkMem,
        log: (line) => console.log(line),
      });
      console.log(`  generated in ${generation.totalSeconds.toFixed(1)} s; describing the data…`);
      meta = await withClient(dbUrl, async (c) => ({
        users: args.users,
        events: args.events,
        tags: args.tags,
        seed: args.seed,
        now: now.toISOString(),
        generatedAt: new Date().toISOString(),
        generation,
        sizes: await tableSizes(c),
        profile: await dataProfile(c, now),
      }));
      await withClient(dbUrl, (c) =>
        c.query(`INSERT INTO "AppSetting" ("key", "value", "updatedAt") VALUES ($1, $2, now()) ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now()`, [
          META_KEY,
          JSON.stringify(meta),
        ]),
      );
    }
    const now = new Date(meta.now);

    // ---- print the data set
    console.log(`\n  Generation (${meta.generation.totalSeconds.toFixed(1)} s in all${args.reuse ? ", when the database was generated" : ""})`);
    for (const [table, seconds] of Object.entries(meta.generation.perTableSeconds)) console.log(`    ${table.padEnd(16)} ${seconds.toFixed(1).padStart(7)} s`);
    console.log("\n  Sizes (pg_total_relation_size; heap incl. TOAST; indexes)");
    for (const s of meta.sizes) console.log(`    ${s.table.padEnd(14)} ${fmt(s.rows).padStart(12)} rows  ${mb(s.totalBytes).padStart(10)}  heap ${mb(s.heapBytes).padStart(9)}  indexes ${mb(s.indexBytes).padStart(9)}`);
    console.log("\n  Data profile");
    console.log(`    ${Object.entries(meta.profile).map(([k, v]) => `${k}=${typeof v === "number" ? fmt(v) : v}`).join("  ").replace(/(.{1,110})(\s+|$)/g, "$1\n    ").trimEnd()}`);

    // ---- the server settings that matter
    const settings = await withClient(dbUrl, async (c) => {
      const names = ["server_version", "shared_buffers", "effective_cache_size", "work_mem", "max_parallel_workers_per_gather", "max_parallel_workers", "random_page_cost", "jit", "fsync"];
      const res = await c.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) name`, [names]);
      return Object.fromEntries(res.rows.map((r) => [r.name, r.setting]));
    });
    console.log(`\n  Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, load ${machine.loadAverageAtStart.join(" ")}`);
    console.log(`  Server: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join("  ")}`);
    console.log("  (evaluateSegment raises work_mem to 64MB inside its transaction)");

    // ---- the app's modules, on the bench database
    process.env.DATABASE_URL = dbUrl;
    const { db, disconnectDb, Prisma } = await import("../../lib/db/client");
    cleanup.push(() => disconnectDb());
    const { evaluateSegment, compileSegmentQueries, prepareSegmentQuery } = await import("../../lib/segments/evaluate-segment");
    const { ZRules } = await import("../../lib/segments/rules");

    // Tags by name; stored segments (re)written so their rules match this file.
    const tagRows = await db().tag.findMany({ select: { id: true, name: true } });
    const tagIds = new Map(tagRows.map((t) => [t.name, t.id]));
    const segmentIds = new Map<string, string>();
    const refs: TRefs = {
      tag: (name) => {
        const id = tagIds.get(name);
        if (!id) throw new UsageError(`the data set has no tag "${name}" (use --tags 10 or more)`);
        return id;
      },
      segment: (name) => {
        const id = segmentIds.get(name);
        if (!id) throw new Error(`no stored segment "${name}"`);
        return id;
      },
    };
    for (const s of STORED_SEGMENTS) {
      const rules = ZRules.parse(s.rules(refs));
      const row = await db().segment.upsert({
        where: { botId_name: { botId: BENCH_BOT_ID, name: s.name } },
        create: { botId: BENCH_BOT_ID, name: s.name, description: s.description, kind: "DYNAMIC", rules },
        update: { description: s.description, kind: "DYNAMIC", rules },
        select: { id: true },
      });
      segmentIds.set(s.name, row.id);
    }
    // Sanity: tag ids follow the generator's naming.
    if (tagIds.get(tagName(3)) !== tagId(3)) throw new Error("unexpected tag ids: was this database generated by bench:segments?");

    // ---- timing
    const chosen = SEGMENTS.filter((s) => !args.only || args.only.includes(s.n));
    const loadBefore = os.loadavg().map((x) => round(x, 2));
    console.log(`\n  Timing ${chosen.length} segments at now = ${now.toISOString()}: cold (first run, new connection) + ${args.runs} warm runs each`);
    const results: TSegmentResult[] = [];
    const failures: string[] = [];
    for (const seg of chosen) {
      const rules = ZRules.parse(seg.rules(refs));
      // A new connection: a fresh client, its connection opened before the clock starts.
      await disconnectDb();
      await db().$queryRaw`SELECT 1`;
      const cold = await evaluateSegment(rules, { botId: BENCH_BOT_ID, now, sample: 0 });
      const warm: number[] = [];
      for (let i = 0; i < args.runs; i++) {
        const r = await evaluateSegment(rules, { botId: BENCH_BOT_ID, now, sample: 0 });
        if (r.count !== cold.count) failures.push(`segment ${seg.n}: run ${i + 1} counted ${r.count}, the cold run ${cold.count}`);
        warm.push(r.ms);
      }
      const w = stats(warm);
      const result: TSegmentResult = {
        n: seg.n,
        name: seg.name,
        description: seg.description,
        rules,
        count: cold.count,
        coldMs: round(cold.ms),
        warm: w,
        aimMet: w.p95 <= AIM_MS,
      };
      results.push(result);
      console.log(
        `    ${String(seg.n).padStart(2)}. ${seg.name.padEnd(30)} count ${fmt(cold.count).padStart(9)}  cold ${cold.ms.toFixed(1).padStart(8)} ms  ` +
          `warm p50 ${w.p50.toFixed(1).padStart(7)}  p95 ${w.p95.toFixed(1).padStart(7)}  max ${w.max.toFixed(1).padStart(7)} ms  ${result.aimMet ? "✓" : "✗"}`,
      );
    }

    // ---- reference floors: what this machine pays for the two building blocks of every
    // segment that has to test each user, timed the way evaluateSegment runs a count (its
    // REPEATABLE READ transaction and settings). A segment that needs both cannot be faster
    // than their sum here.
    const botKey = (await db().bot.findUniqueOrThrow({ where: { id: BENCH_BOT_ID }, select: { key: true } })).key;
    const FLOORS: { name: string; sql: ReturnType<typeof Prisma.sql> }[] = [
      {
        name: "one pass over the bot's users (SegmentUser, NOT blocked)",
        sql: Prisma.sql`SELECT count(*)::int AS n FROM "SegmentUser" f WHERE f."botKey" = ${botKey} AND NOT f."blocked"`,
      },
      {
        name: 'reading segment 8\'s larger set (attribute age > 30, index only)',
        sql: Prisma.sql`SELECT count(*)::int AS n FROM "SegmentAttribute" a WHERE a."botId" = ${BENCH_BOT_ID} AND a."name" = 'age' AND a."number" > 30`,
      },
    ];
    const floors: { name: string; rows: number; warm: TStats }[] = [];
    console.log(`\n  Reference floors (${args.runs} warm runs each, in evaluateSegment's kind of transaction):`);
    for (const f of FLOORS) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i <= args.runs; i++) {
        const t0 = performance.now();
        rows = await db().$transaction(
          async (tx) => {
            await prepareSegmentQuery(tx);
            return (await tx.$queryRaw<{ n: number }[]>(f.sql))[0]?.n ?? 0;
          },
          { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000 },
        );
        if (i > 0) times.push(performance.now() - t0); // the first run warms the connection
      }
      const w = stats(times);
      floors.push({ name: f.name, rows, warm: w });
      console.log(`    ${f.name.padEnd(66)} rows ${fmt(rows).padStart(9)}  p50 ${w.p50.toFixed(1).padStart(7)}  p95 ${w.p95.toFixed(1).padStart(7)} ms`);
    }

    const loadAfter = os.loadavg().map((x) => round(x, 2));
    console.log(`    machine load average (1/5/15 min) before timing ${loadBefore.join(" ")}, after ${loadAfter.join(" ")} on ${machine.cpus} cores`);

    // ---- EXPLAIN of the slowest
    const slowest = [...results].sort((a, b) => b.warm.p95 - a.warm.p95).slice(0, args.explain);
    const explains: { n: number; name: string; sql: string; plan: string }[] = [];
    for (const r of slowest) {
      const rules = ZRules.parse(r.rules);
      // The count statement evaluateSegment runs, compiled the same way (in its transaction).
      const { query, plan } = await db().$transaction(async (tx) => {
        await prepareSegmentQuery(tx);
        const { count: query } = await compileSegmentQueries(tx, rules, BENCH_BOT_ID, now);
        const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
        return { query, plan: rows.map((x) => x["QUERY PLAN"]).join("\n") };
      }, { timeout: 120_000 });
      explains.push({ n: r.n, name: r.name, sql: inlineParams(query), plan });
    }

    // ---- report
    console.log(`\n  Segments (aim: warm p95 ≤ ${AIM_MS} ms at 1M users; ${fmt(meta.users)} users, ${fmt(meta.events)} events here)\n`);
    console.log("   #  segment                         users matched    cold ms   warm p50   warm p95   warm max  aim");
    for (const r of results) {
      console.log(
        `  ${String(r.n).padStart(2)}  ${r.name.padEnd(30)} ${fmt(r.count).padStart(14)} ${r.coldMs.toFixed(1).padStart(10)} ${r.warm.p50.toFixed(1).padStart(10)} ${r.warm.p95.toFixed(1).padStart(10)} ${r.warm.max.toFixed(1).padStart(10)}  ${r.aimMet ? "✓" : "✗"}`,
      );
    }
    console.log("\n  What each segment is:");
    for (const r of results) console.log(`  ${String(r.n).padStart(2)}. ${r.name}: ${r.description}`);
    for (const e of explains) {
      console.log(`\n  EXPLAIN (ANALYZE, BUFFERS) of segment ${e.n} (${e.name}):\n${e.plan.replace(/^/gm, "      ")}`);
    }

    const report = {
      bench: "segments",
      startedAt: new Date().toISOString(),
      aimMs: AIM_MS,
      definitions: {
        cold: "first evaluateSegment() of the segment in a new server connection (opened with SELECT 1 before timing); catalog/plan caches empty, data pages wherever earlier work left them (OS page cache / shared_buffers are not dropped)",
        warm: `the next ${args.runs} evaluateSegment() calls in that connection`,
        ms: "evaluateSegment's own ms: compile (lifecycle settings, referenced segments) + REPEATABLE READ transaction + SET LOCAL work_mem + count query + commit",
      },
      machine: { ...machine, loadAverageBeforeTiming: loadBefore, loadAverageAfterTiming: loadAfter },
      server: { kind: server, settings },
      database: { name: dbName, kept: keep, reused: args.reuse !== null },
      dataset: meta,
      storedSegments: STORED_SEGMENTS.map((s) => ({ name: s.name, description: s.description, rules: s.rules(refs) })),
      segments: results,
      floors,
      explain: explains,
      failures,
      ok: failures.length === 0,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

    const missed = results.filter((r) => !r.aimMet).map((r) => r.n);
    console.log(`\n  ${missed.length === 0 ? `Every segment meets the aim (warm p95 ≤ ${AIM_MS} ms).` : `Above the aim (warm p95 > ${AIM_MS} ms): segments ${missed.join(", ")}.`}`);
    for (const f of failures) console.log(`  ✗ ${f}`);
    console.log(`  JSON: ${path.relative(process.cwd(), outFile)}`);
    if (keep) console.log(`  Database kept: ${dbName} — time again without generating: npm run bench:segments -- --reuse ${dbName}  (drop it with DROP DATABASE when done)`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

/** The SQL with its parameters written in (for reading and pasting into psql only). */
function inlineParams(q: { text: string; values: unknown[] }): string {
  return q.text.replace(/\$(\d+)/g, (_, i: string) => {
    const v = q.values[Number(i) - 1];
    if (typeof v === "number" || typeof v === "bigint") return String(v);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    return `'${String(v).replaceAll("'", "''")}'`;
  });
}

runBench(main, { script: "bench:segments", isUsageError: (e) => e instanceof UsageError });
