// The data set of `npm run bench:segments`: one bot with N Telegram users, M events and T
// tags, generated inside PostgreSQL (`INSERT … SELECT generate_series(…)`: no rows travel
// through Node, no extra dependency). Deterministic per seed and independent of the plan
// PostgreSQL picks: every "random" number is a hash of (row number, purpose, seed)
// (hashint8extended), not random(), so the same options give the same rows, byte for byte,
// on any server.
//
// Shapes (chosen to look like a real bot's audience, not a uniform cloud):
// - users     first seen over the last 730 days with exponential growth (≈9× more sign-ups
//             per day now than two years ago); ids are 25-character, time-ordered like
//             Prisma's cuid(). About a fifth are "retained" (last seen a few days ago,
//             exponential), the rest drift away after a mostly short lifetime, so most
//             users are dormant or churned. ~8% blocked the bot (blockedAt = lastSeenAt, the
//             last event is `bot_blocked`), ~2% unsubscribed, ~5% premium. 15 language codes,
//             skewed (en, ru, es, pt-br, …) and ~8% without one; ~60% without a source, the
//             rest over 30 deep-link payloads with Zipf-like popularity. attributes: plan
//             (text), age (number; 2% stored as text, as imports do), city (text),
//             signup_date (YYYY-MM-DD), vip (boolean), each missing for some users.
// - tags      T tags (Onboarded, Newsletter, Interest-Tech, …) with Zipf popularity
//             (P(rank r) ∝ ln((r+1)/r)); per user a heavy-tailed number of draws (mean ≈3.8,
//             ≈2.5 distinct tags), scaled by a per-user factor; appliedVia mostly FLOW.
// - events    per user 1 + a share of the rest proportional to a log-normal weight (σ 1.4)
//             times √(days between first and last seen): median user a handful, the top
//             users thousands. The first is `start` at firstSeenAt, the last at lastSeenAt,
//             the others between them, denser towards the end. Names and properties as the
//             app writes them (message_received {length, media}, button_click {data,
//             message_id}, command {command, payload}, start {payload, first}, tag_added
//             {tag, via, by}, bot_blocked) plus a Mini App's page_view {path}, app_open and
//             purchase {amount, currency, item} (only ~8% of users ever buy). Rows are
//             inserted in occurredAt order, as a live bot writes them.
//
// Loading: every foreign key of the schema and the primary keys / indexes of the loaded
// tables are dropped first and recreated from their saved definitions afterwards (the
// database ends up with exactly the migrated schema). UserEventStat and the segment facts
// (SegmentUser, SegmentAttribute) are built in one grouped pass each after the load, as the
// migrations' backfills do, with their per-statement triggers off meanwhile. Then VACUUM
// ANALYZE, as autovacuum would have done on a live server (visibility map → index-only scans).
import pg from "pg";

export type TGenerateOptions = {
  users: number;
  events: number;
  tags: number;
  seed: number;
  /** The instant the data is generated around (the bench evaluates segments at it). */
  now: Date;
  /** work_mem of the generating session (sorting the events by time). */
  workMem: string;
  log: (line: string) => void;
};

export type TGenerateStep = { table: string; step: string; rows: number | null; seconds: number };
export type TTableSize = { table: string; rows: number; totalBytes: number; heapBytes: number; indexBytes: number };
export type TDataProfile = Record<string, number | string>;
export type TGenerateReport = { steps: TGenerateStep[]; totalSeconds: number; perTableSeconds: Record<string, number> };

export const BENCH_BOT_ID = "cbenchsegmentsbot00000001";
export const META_KEY = "bench.segments";

const DAY_S = 86_400;
const SPAN_DAYS = 730;

/** Names by popularity rank (rank 1 is the most common). Above 50: Tag-51, Tag-52, … */
export const TAG_NAMES = [
  "Onboarded", "Newsletter", "Interest-Tech", "Interest-Music", "Interest-Sports", "Interest-Gaming", "Interest-Travel",
  "Interest-Food", "Promo-OptOut", "Lead-Warm", "Interest-Fashion", "Interest-Finance", "Beta-Tester", "Lead-Hot",
  "Interest-Movies", "Interest-Books", "Interest-Crypto", "Interest-Fitness", "Support-Needed", "Referral-Partner",
  "Interest-Art", "Interest-Science", "Interest-Cars", "Interest-Pets", "Interest-Health", "Campaign-BlackFriday",
  "Campaign-Summer", "Campaign-NewYear", "Webinar-Attendee", "Quiz-Completed", "Feedback-Given", "Interest-Education",
  "Interest-Photography", "Interest-Parenting", "Interest-Outdoors", "Interest-DIY", "Region-EU", "Region-LATAM",
  "Region-CIS", "Region-Asia", "VIP-Candidate", "Churn-Risk", "Refund-Requested", "Ambassador", "Early-Adopter",
  "Event-Meetup", "Survey-2025", "Course-Enrolled", "Course-Completed", "Staff-Test",
] as const;

export function tagName(rank: number): string {
  return TAG_NAMES[rank - 1] ?? `Tag-${rank}`;
}
export function tagId(rank: number): string {
  return `cbenchtag${String(rank).padStart(16, "0")}`;
}

const LANGUAGES: [string | null, number][] = [
  ["en", 0.28], ["ru", 0.17], ["es", 0.09], ["pt-br", 0.07], ["de", 0.05], ["fr", 0.04], ["it", 0.03], ["tr", 0.03],
  ["uk", 0.03], ["id", 0.03], ["ar", 0.025], ["fa", 0.02], ["pl", 0.02], ["hi", 0.015], ["ja", 0.015], [null, 0.085],
];
/** Deep-link payloads by popularity (Zipf over the rank). */
const SOURCES = [
  "src_instagram_bio", "src_tiktok", "ads_google_search", "src_youtube", "ref_friends", "src_website_header", "ads_meta_feed",
  "src_channel_post", "partner_cryptohub", "src_qr_store", "ref_ambassador_12", "ads_google_display", "src_newsletter",
  "src_twitter", "promo_blackfriday", "src_reddit", "partner_musicweekly", "ref_ambassador_7", "src_podcast", "ads_tiktok_spark",
  "src_website_footer", "promo_summer", "partner_travelclub", "src_linkedin", "ref_ambassador_31", "src_telegram_ads",
  "promo_newyear", "src_vk", "partner_gamers", "src_pinterest",
];
const FIRST_NAMES = [
  "Alex", "Maria", "Ivan", "Olga", "John", "Anna", "David", "Sofia", "Carlos", "Lucia", "Ahmed", "Fatima", "Wei", "Yuki",
  "Lukas", "Emma", "Mateo", "Camila", "Dmitry", "Elena", "Omar", "Leila", "Pedro", "Ana", "Mehmet", "Ayse", "Raj", "Priya",
  "Tom", "Julia", "Nikita", "Daria", "Hans", "Clara", "Marco", "Giulia", "Kenji", "Hana", "Pavel", "Irina",
];
const LAST_NAMES = ["Smith", "Ivanov", "Garcia", "Silva", "Müller", "Rossi", "Kowalski", "Yilmaz", "Khan", "Tanaka", "Petrova", "Lopez", "Dubois", "Novak", "Santos"];
const CITIES = ["Moscow", "London", "Madrid", "São Paulo", "Berlin", "Paris", "Istanbul", "Kyiv", "Jakarta", "Mexico City", "Tehran", "Warsaw", "Milan", "Delhi", "Tokyo", "Buenos Aires", "Almaty", "Lisbon", "Dubai", "New York"];
const BUTTONS: [string, number][] = [
  ["menu:main", 0.3], ["menu:catalog", 0.18], ["faq:open", 0.1], ["catalog:next", 0.12], ["catalog:item", 0.1], ["plan:upgrade", 0.05],
  ["support:human", 0.03], ["settings:lang", 0.04], ["promo:claim", 0.05], ["feedback:like", 0.03],
];
const COMMANDS: [string, number][] = [["start", 0.35], ["help", 0.2], ["menu", 0.2], ["settings", 0.08], ["buy", 0.07], ["profile", 0.06], ["stop", 0.04]];
const PAGES: [string, number][] = [["/", 0.3], ["/catalog", 0.25], ["/product", 0.2], ["/cart", 0.08], ["/checkout", 0.05], ["/profile", 0.07], ["/faq", 0.05]];
const ITEMS = ["course-basic", "course-pro", "sticker-pack", "consultation", "subscription-month", "subscription-year", "ebook", "merch-tshirt"];
/** Names of the events after a user's first (`start`) and apart from purchases and bot_blocked. */
const EVENT_NAMES: [string, number][] = [
  ["message_received", 0.4], ["button_click", 0.25], ["page_view", 0.14], ["command", 0.09], ["app_open", 0.08], ["tag_added", 0.04],
];

// ------------------------------------------------------------------------------------ SQL helpers

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return String(x);
};

/** CASE picking a value by cumulative weight of `r` in [0,1) (weights normalised). */
function pickSql(r: string, entries: readonly (readonly [string | null, number])[], cast = ""): string {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = entries.slice(0, -1).map(([v, w]) => {
    acc += w / total;
    return `WHEN ${r} < ${num(acc)} THEN ${v === null ? "NULL" : lit(v)}${cast}`;
  });
  const last = entries[entries.length - 1]![0];
  return `(CASE ${whens.join(" ")} ELSE ${last === null ? "NULL" : lit(last)}${cast} END)`;
}
const arraySql = (values: readonly string[]) => `ARRAY[${values.map(lit).join(",")}]::text[]`;
/** 1..k with P(i) ∝ ln((i+1)/i): Zipf-like with exponent ≈1. */
const zipfSql = (r: string, k: number) => `least(${k}, greatest(1, floor(power(${k + 1}::float8, ${r}))::int))`;

/**
 * Every "random" number: uniform in [0,1) from (key, purpose). `s` is the salt for a
 * purpose (seed × 1000 + purpose number), so each purpose is an independent stream.
 */
const R = (key: string, s: number) => `bench_r(${key}, ${s})`;
/** Standard normal (Box–Muller) from two streams. */
const N01 = (key: string, s1: number, s2: number) => `(sqrt(-2 * ln(1 - ${R(key, s1)})) * cos(2 * pi() * ${R(key, s2)}))`;

const HELPERS = `
CREATE OR REPLACE FUNCTION bench_r(k bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (hashint8extended(k, salt) & 9007199254740991)::float8 / 9007199254740992.0 $$;
CREATE OR REPLACE FUNCTION bench_uid(n bigint, salt bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT 'c' || lpad(to_hex(n), 8, '0') || lpad(to_hex(hashint8extended(n, salt)), 16, '0') $$;`;
const DROP_HELPERS = `DROP FUNCTION IF EXISTS bench_r(bigint, bigint); DROP FUNCTION IF EXISTS bench_uid(bigint, bigint); DROP TABLE IF EXISTS _bench_user;`;

// ------------------------------------------------------------------------------------ schema juggling

type TSavedDdl = { table: string; name: string; kind: "pkey" | "unique" | "index" | "fkey"; create: string; drop: string };

const LOADED_TABLES = ["TelegramUser", "Tag", "UserTag", "Event", "UserEventStat"] as const;

/** The triggers that keep the segment facts (SegmentUser, SegmentAttribute) row by statement. */
const FACT_TRIGGERS = [
  { table: "TelegramUser", name: "tagflow_segment_users_insert" },
  { table: "TelegramUser", name: "tagflow_segment_users_update" },
  { table: "UserTag", name: "tagflow_segment_tags_insert" },
] as const;

/** Foreign keys (all of the schema) and keys/indexes of the loaded tables, to drop and recreate. */
async function savedDdl(client: pg.Client): Promise<TSavedDdl[]> {
  const q = (id: string) => client.escapeIdentifier(id);
  const fks = await client.query<{ table: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.contype = 'f' ORDER BY 1, 2`,
  );
  const keys = await client.query<{ table: string; name: string; def: string; contype: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.contype::text AS contype
     FROM pg_constraint c WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('p', 'u') ORDER BY 1, 2`,
    [LOADED_TABLES.map((t) => `"${t}"`)],
  );
  const indexes = await client.query<{ table: string; name: string; def: string }>(
    `SELECT i.indrelid::regclass::text AS table, ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
     WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))
     ORDER BY 1, 2`,
    [LOADED_TABLES.map((t) => `"${t}"`)],
  );
  const unq = (t: string) => t.replace(/^"|"$/g, "");
  return [
    ...keys.rows.map((r) => ({
      table: unq(r.table),
      name: r.name,
      kind: r.contype === "p" ? ("pkey" as const) : ("unique" as const),
      create: `ALTER TABLE ${r.table} ADD CONSTRAINT ${q(r.name)} ${r.def}`,
      drop: `ALTER TABLE ${r.table} DROP CONSTRAINT ${q(r.name)}`,
    })),
    ...indexes.rows.map((r) => ({ table: unq(r.table), name: r.name, kind: "index" as const, create: r.def, drop: `DROP INDEX ${q(r.name)}` })),
    ...fks.rows.map((r) => ({
      table: unq(r.table),
      name: r.name,
      kind: "fkey" as const,
      create: `ALTER TABLE ${r.table} ADD CONSTRAINT ${q(r.name)} ${r.def}`,
      drop: `ALTER TABLE ${r.table} DROP CONSTRAINT ${q(r.name)}`,
    })),
  ];
}

// ------------------------------------------------------------------------------------ the generator

export async function generateSegmentsData(databaseUrl: string, o: TGenerateOptions): Promise<TGenerateReport> {
  if (o.events < o.users) throw new Error(`--events (${o.events}) must be at least --users (${o.users}): every user has a start event`);
  if (o.users > 2 ** 31 - 1) throw new Error("--users is too large");
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "tagflow-bench-segments-generate" });
  await client.connect();
  const steps: TGenerateStep[] = [];
  const started = performance.now();
  const step = async (table: string, name: string, sql: string, params: unknown[] = []): Promise<number | null> => {
    const t0 = performance.now();
    const res = await client.query(sql, params);
    const seconds = (performance.now() - t0) / 1000;
    const rows = typeof res.rowCount === "number" && /^\s*(INSERT|CREATE UNLOGGED TABLE)/i.test(sql) ? res.rowCount : null;
    steps.push({ table, step: name, rows, seconds: Math.round(seconds * 100) / 100 });
    o.log(`    ${table.padEnd(14)} ${name.padEnd(40)} ${rows === null ? "" : `${rows.toLocaleString("en-US")} rows `}${seconds.toFixed(1)} s`);
    return rows;
  };
  try {
    // Deterministic and parallel-free; sorting 20M narrow rows fits in memory with a few GB.
    await client.query(`SET statement_timeout = 0; SET max_parallel_workers_per_gather = 0; SET work_mem = ${lit(o.workMem)};
                        SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
    await client.query(HELPERS);

    const S = o.seed * 1000;
    const N = o.users;
    const M = o.events;
    const T = o.tags;
    const nowSql = `${lit(o.now.toISOString().slice(0, 23))}::timestamp`;
    const growth = 2.2;
    const bot = lit(BENCH_BOT_ID);
    /** A user's deep-link payload, a function of n (also used after the events' sort). */
    const sourceOf = (n: string) => `(CASE WHEN ${R(n, S + 10)} < 0.6 THEN NULL ELSE (${arraySql(SOURCES)})[${zipfSql(R(n, S + 11), SOURCES.length)}] END)`;

    // ---- drop foreign keys (all) and keys/indexes of the loaded tables; recreated per table below
    const ddl = await savedDdl(client);
    const t0 = performance.now();
    for (const d of ddl.filter((x) => x.kind === "fkey")) await client.query(d.drop);
    for (const d of ddl.filter((x) => x.kind === "index")) await client.query(d.drop);
    for (const d of ddl.filter((x) => x.kind === "pkey" || x.kind === "unique")) await client.query(d.drop);
    steps.push({ table: "(schema)", step: "drop keys, indexes and foreign keys", rows: null, seconds: Math.round((performance.now() - t0) / 10) / 100 });
    const rebuild = async (table: string, kinds: TSavedDdl["kind"][], label: string) => {
      const list = ddl.filter((d) => d.table === table && kinds.includes(d.kind));
      if (list.length === 0) return;
      await step(table, `${label} (${list.length})`, list.map((d) => d.create).join(";\n"));
    };

    // ---- the bot
    await step(
      "Bot",
      "insert",
      `INSERT INTO "Bot" ("id","telegramId","username","name","token","apiRoot","updateMode","webhookSecret","createdAt")
       VALUES (${bot}, 7000000001, 'segments_bench_bot', 'Segments Bench', 'bench:token', 'http://127.0.0.1:9', 'POLLING', 'bench', ${nowSql} - interval '${SPAN_DAYS + 5} days')`,
    );

    // ---- the per-user plan (drives users, tags and events; dropped at the end)
    // x: position on the timeline (0 = 730 days ago, 1 = now) with density ∝ e^(growth·x);
    // n follows x, so ids (hex of n first) are time-ordered like cuid().
    await step(
      "TelegramUser",
      "plan (first/last seen, weights)",
      `CREATE UNLOGGED TABLE _bench_user AS
       WITH a AS (
         SELECT n::bigint AS n,
                ln(1 + ((n - 1 + ${R("n", S + 1)}) / ${N}::float8) * (exp(${growth}) - 1)) / ${growth} AS x,
                ${R("n", S + 2)} AS r_stay, ${R("n", S + 3)} AS r_life, ${R("n", S + 4)} AS r_status,
                ${N01("n", S + 5, S + 6)} AS z_events, ${N01("n", S + 7, S + 8)} AS z_tags
         FROM generate_series(1, ${N}) n
       ), b AS (
         SELECT *, ${nowSql} - make_interval(secs => (1 - x) * ${SPAN_DAYS * DAY_S}) AS first_seen FROM a
       ), c AS (
         SELECT *,
                CASE WHEN r_stay < 0.22
                     THEN greatest(first_seen, ${nowSql} - make_interval(secs => -ln(1 - r_life) * 6 * ${DAY_S}))
                     ELSE first_seen + (${nowSql} - first_seen) * power(r_life, 2.5) END AS last_seen
         FROM b
       ), d AS (
         SELECT *, greatest(1, round(exp(1.4 * z_events) * sqrt(1 + extract(epoch FROM last_seen - first_seen) / ${DAY_S}) * 1000))::bigint AS w
         FROM c
       ), e AS (
         SELECT *, sum(w) OVER (ORDER BY n) AS cum, sum(w) OVER () AS tot FROM d
       )
       SELECT n, bench_uid(n, ${S}) AS id, first_seen, last_seen,
              (1 + floor(${M - N}::numeric * cum / tot) - floor(${M - N}::numeric * (cum - w) / tot))::int AS c,
              r_status < 0.08 AS blocked,
              r_status >= 0.08 AND r_status < 0.10 AS unsubscribed,
              ${R("n", S + 9)} < 0.08 AS payer,
              exp(0.8 * z_tags - 0.32) AS tag_f,
              ${sourceOf("n")} AS source
       FROM e`,
    );

    // ---- users. SegmentUser and SegmentAttribute (the segment facts) are built in one pass
    // at the end (as the migration's backfill does), not by the per-statement triggers.
    for (const t of FACT_TRIGGERS) await client.query(`ALTER TABLE "${t.table}" DISABLE TRIGGER ${t.name}`);
    const r = (p: number) => R("n", S + p);
    await step(
      "TelegramUser",
      "insert",
      `INSERT INTO "TelegramUser" ("id","botId","telegramId","firstName","lastName","username","languageCode","isPremium",
                                   "firstSeenAt","lastSeenAt","source","sourceAt","blockedAt","unsubscribedAt","attributes")
       SELECT id, ${bot}, 100000000 + n * 37 + (hashint8extended(n, ${S + 12}) & 31),
              (${arraySql(FIRST_NAMES)})[1 + floor(${r(13)} * ${FIRST_NAMES.length})::int],
              CASE WHEN ${r(14)} < 0.5 THEN (${arraySql(LAST_NAMES)})[1 + floor(${r(15)} * ${LAST_NAMES.length})::int] END,
              CASE WHEN ${r(16)} < 0.6 THEN 'user' || n END,
              ${pickSql(r(17), LANGUAGES)},
              ${r(18)} < 0.05,
              first_seen, last_seen, source, CASE WHEN source IS NOT NULL THEN first_seen END,
              CASE WHEN blocked THEN last_seen END,
              CASE WHEN unsubscribed THEN last_seen + (${nowSql} - last_seen) * ${r(19)} END,
              jsonb_strip_nulls(jsonb_build_object(
                'plan', ${pickSql(r(20), [["free", 0.68], ["pro", 0.2], ["business", 0.05], [null, 0.07]])},
                'age', CASE WHEN ${r(21)} < 0.02 THEN to_jsonb((16 + floor(power(${r(22)}, 1.6) * 54)::int)::text)
                            WHEN ${r(21)} < 0.6 THEN to_jsonb(16 + floor(power(${r(22)}, 1.6) * 54)::int) END,
                'city', CASE WHEN ${r(23)} < 0.5 THEN (${arraySql(CITIES)})[${zipfSql(r(24), CITIES.length)}] END,
                'signup_date', CASE WHEN ${r(25)} < 0.8 THEN to_char(first_seen, 'YYYY-MM-DD') END,
                'vip', CASE WHEN ${r(26)} < 0.3 THEN ${r(27)} < 0.1 END))
       FROM _bench_user ORDER BY n`,
    );
    await rebuild("TelegramUser", ["pkey", "unique"], "primary key, unique");
    await rebuild("TelegramUser", ["index"], "indexes");

    // ---- tags
    await step(
      "Tag",
      "insert",
      `INSERT INTO "Tag" ("id","name","color","createdAt")
       SELECT 'cbenchtag' || lpad(k::text, 16, '0'),
              COALESCE((${arraySql([...TAG_NAMES])})[k], 'Tag-' || k),
              (ARRAY['#6366f1','#ef4444','#10b981','#f59e0b','#3b82f6','#ec4899','#8b5cf6','#14b8a6'])[1 + k % 8],
              ${nowSql} - interval '${SPAN_DAYS} days'
       FROM generate_series(1, ${T}) k`,
    );
    await rebuild("Tag", ["pkey", "unique"], "primary key, unique");
    await rebuild("Tag", ["index"], "indexes");

    // ---- user tags: a heavy-tailed number of Zipf draws per user, duplicates merged
    await step(
      "UserTag",
      "insert",
      `INSERT INTO "UserTag" ("telegramUserId","tagId","appliedVia","appliedAt")
       SELECT u.id, 'cbenchtag' || lpad(t.rank::text, 16, '0'),
              ${pickSql(R("u.n * 4096 + t.rank", S + 32), [["FLOW", 0.6], ["CAMPAIGN", 0.2], ["AGENT", 0.12], ["IMPORT", 0.08]], '::"TagSource"')},
              u.first_seen + (u.last_seen - u.first_seen) * ${R("u.n * 4096 + t.rank", S + 33)}
       FROM (
         SELECT u.n, ${zipfSql(R("u.n * 4096 + j", S + 31), T)} AS rank
         FROM _bench_user u
         CROSS JOIN LATERAL generate_series(1, least(${Math.min(T * 2, 4095)}, floor(-ln(1 - ${R("u.n", S + 30)}) * 3.8 * u.tag_f)::int)) j
         GROUP BY 1, 2
       ) t JOIN _bench_user u ON u.n = t.n
       ORDER BY u.n, t.rank`,
    );
    await rebuild("UserTag", ["pkey", "unique"], "primary key");
    await rebuild("UserTag", ["index"], "indexes");

    // ---- events, in occurredAt order. The inner query sorts narrow rows; names and
    // properties are computed after the sort (the OFFSET 0 keeps it from being flattened).
    const ek = "(e.n * 1048576 + e.k)";
    const er = (p: number) => R(ek, S + p);
    const name = `CASE WHEN e.k = 1 THEN 'start'
                       WHEN e.k = e.c AND e.blocked THEN 'bot_blocked'
                       WHEN e.payer AND ${er(41)} < 0.05 THEN 'purchase'
                       ELSE ${pickSql(er(42), EVENT_NAMES)} END`;
    // UserEventStat is built in one grouped pass afterwards (as the migration's backfill
    // does), not by the per-statement trigger over 20M rows.
    await client.query(`ALTER TABLE "Event" DISABLE TRIGGER tagflow_event_stats_insert`);
    await step(
      "Event",
      "insert (sorted by occurredAt)",
      `INSERT INTO "Event" ("botId","telegramUserId","name","properties","occurredAt")
       SELECT ${bot}, bench_uid(e.n, ${S}), e.name,
              CASE e.name
                WHEN 'start' THEN jsonb_build_object('payload', ${sourceOf("e.n")}, 'first', true)
                WHEN 'message_received' THEN jsonb_build_object('length', 1 + floor(power(${er(43)}, 2) * 400)::int,
                                                                'media', ${pickSql(er(44), [[null, 0.85], ["photo", 0.08], ["voice", 0.04], ["sticker", 0.03]])})
                WHEN 'button_click' THEN jsonb_build_object('data', ${pickSql(er(43), BUTTONS)}, 'message_id', 1 + (hashint8extended(${ek}, ${S + 45}) & 65535))
                WHEN 'page_view' THEN jsonb_build_object('path', ${pickSql(er(43), PAGES)})
                WHEN 'command' THEN jsonb_build_object('command', ${pickSql(er(43), COMMANDS)}, 'payload', NULL)
                WHEN 'tag_added' THEN jsonb_build_object('tag', COALESCE((${arraySql([...TAG_NAMES])})[${zipfSql(er(43), T)}], 'Tag-1'), 'via', 'flow')
                WHEN 'purchase' THEN jsonb_build_object('amount', round(exp(3 + 0.9 * ${N01(ek, S + 46, S + 47)})::numeric, 2),
                                                        'currency', 'USD', 'item', (${arraySql(ITEMS)})[1 + floor(${er(43)} * ${ITEMS.length})::int])
                ELSE '{}'::jsonb END,
              e.ts
       FROM (
         SELECT e.*, ${name} AS name FROM (
           SELECT u.n, u.c, u.blocked, u.payer, g.k,
                  CASE WHEN g.k = 1 THEN u.first_seen
                       WHEN g.k = u.c THEN u.last_seen
                       ELSE u.first_seen + (u.last_seen - u.first_seen) * power(${R("(u.n * 1048576 + g.k)", S + 40)}, 0.7) END AS ts
           FROM _bench_user u CROSS JOIN LATERAL generate_series(1, u.c) g(k)
           ORDER BY ts, u.n, g.k
         ) e OFFSET 0
       ) e`,
    );
    await rebuild("Event", ["pkey", "unique"], "primary key");
    await rebuild("Event", ["index"], "indexes");
    await client.query(`ALTER TABLE "Event" ENABLE TRIGGER tagflow_event_stats_insert`);
    await step(
      "UserEventStat",
      "insert (grouped from Event)",
      `INSERT INTO "UserEventStat" ("telegramUserId", "userKey", "name", "botId", "count", "firstAt", "lastAt", "recent")
       SELECT g.* FROM (
         SELECT e."telegramUserId", min(u."key"), e."name", min(e."botId"), count(*)::int, min(e."occurredAt"), max(e."occurredAt"),
                (array_agg(e."occurredAt" ORDER BY e."occurredAt" DESC))[1:16]
         FROM "Event" e JOIN "TelegramUser" u ON u."id" = e."telegramUserId" GROUP BY e."telegramUserId", e."name") g`,
    );
    await rebuild("UserEventStat", ["pkey", "unique"], "primary key");
    await rebuild("UserEventStat", ["index"], "indexes");

    // ---- the segment facts, then their triggers back on
    await step("SegmentUser", "rebuild (with SegmentAttribute)", `SELECT tagflow_segment_facts_rebuild()`);
    for (const t of FACT_TRIGGERS) await client.query(`ALTER TABLE "${t.table}" ENABLE TRIGGER ${t.name}`);

    // ---- foreign keys back, per table
    for (const table of LOADED_TABLES) await rebuild(table, ["fkey"], "foreign keys");
    const others = ddl.filter((d) => d.kind === "fkey" && !(LOADED_TABLES as readonly string[]).includes(d.table));
    if (others.length > 0) await step("(other tables)", `foreign keys (${others.length}, empty tables)`, others.map((d) => d.create).join(";\n"));

    await client.query(DROP_HELPERS);
    await step(
      "(all)",
      "VACUUM ANALYZE",
      `VACUUM (ANALYZE) "TelegramUser", "Tag", "UserTag", "Event", "UserEventStat", "SegmentUser", "SegmentAttribute", "Bot"`,
    );

    const totalSeconds = Math.round((performance.now() - started) / 10) / 100;
    const perTableSeconds: Record<string, number> = {};
    for (const s of steps) perTableSeconds[s.table] = Math.round(((perTableSeconds[s.table] ?? 0) + s.seconds) * 100) / 100;
    return { steps, totalSeconds, perTableSeconds };
  } finally {
    await client.query(DROP_HELPERS).catch(() => undefined);
    await client.end();
  }
}

// ------------------------------------------------------------------------------------ describing the data

export async function tableSizes(client: pg.Client): Promise<TTableSize[]> {
  const res = await client.query<{ table: string; rows: string; total: string; heap: string; idx: string }>(
    `SELECT t AS table, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS total,
            pg_relation_size(c.oid) + pg_relation_size(coalesce(c.reltoastrelid, 0)) AS heap, pg_indexes_size(c.oid) AS idx
     FROM unnest($1::text[]) t JOIN pg_class c ON c.oid = ('"' || t || '"')::regclass`,
    [["TelegramUser", "Tag", "UserTag", "Event", "UserEventStat", "SegmentUser", "SegmentAttribute"]],
  );
  return res.rows.map((r) => ({ table: r.table, rows: Number(r.rows), totalBytes: Number(r.total), heapBytes: Number(r.heap), indexBytes: Number(r.idx) }));
}

/** The shape of what was generated (to check it looks like a real audience). */
export async function dataProfile(client: pg.Client, now: Date): Promise<TDataProfile> {
  const nowTs = now.toISOString().slice(0, 23);
  const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as Record<string, unknown>;
  const users = await one(
    `SELECT count(*) AS users,
            round(100.0 * count(*) FILTER (WHERE "blockedAt" IS NOT NULL) / count(*), 1) AS blocked_pct,
            round(100.0 * count(*) FILTER (WHERE "unsubscribedAt" IS NOT NULL) / count(*), 1) AS unsubscribed_pct,
            round(100.0 * count(*) FILTER (WHERE "isPremium") / count(*), 1) AS premium_pct,
            round(100.0 * count(*) FILTER (WHERE "languageCode" IS NULL) / count(*), 1) AS no_language_pct,
            round(100.0 * count(*) FILTER (WHERE "languageCode" = 'en') / count(*), 1) AS en_pct,
            round(100.0 * count(*) FILTER (WHERE "source" IS NULL) / count(*), 1) AS no_source_pct,
            round(100.0 * count(*) FILTER (WHERE "blockedAt" IS NULL AND "firstSeenAt" >= $1::timestamp - interval '3 days') / count(*), 1) AS stage_new_pct,
            round(100.0 * count(*) FILTER (WHERE "blockedAt" IS NULL AND "firstSeenAt" < $1::timestamp - interval '3 days' AND "lastSeenAt" >= $1::timestamp - interval '7 days') / count(*), 1) AS stage_active_pct,
            round(100.0 * count(*) FILTER (WHERE "blockedAt" IS NULL AND "firstSeenAt" < $1::timestamp - interval '3 days' AND "lastSeenAt" < $1::timestamp - interval '7 days' AND "lastSeenAt" >= $1::timestamp - interval '30 days') / count(*), 1) AS stage_dormant_pct,
            round(100.0 * count(*) FILTER (WHERE "firstSeenAt" >= $1::timestamp - interval '90 days') / count(*), 1) AS first_seen_last_90d_pct,
            round(100.0 * count(*) FILTER (WHERE "firstSeenAt" < $1::timestamp - interval '365 days') / count(*), 1) AS first_seen_over_1y_pct,
            round(100.0 * count(*) FILTER (WHERE "attributes" ? 'age') / count(*), 1) AS with_age_pct
     FROM "TelegramUser"`,
    [nowTs],
  );
  const tags = await one(
    `SELECT round(count(*)::numeric / (SELECT count(*) FROM "TelegramUser"), 2) AS tags_per_user,
            round(100.0 * count(DISTINCT "telegramUserId") / (SELECT count(*) FROM "TelegramUser"), 1) AS users_with_a_tag_pct,
            (SELECT count(*) FROM "UserTag" WHERE "tagId" = 'cbenchtag0000000000000001') AS top_tag_users,
            (SELECT count(*) FROM "UserTag" WHERE "tagId" = 'cbenchtag0000000000000003') AS interest_tech_users
     FROM "UserTag"`,
  );
  const events = await one(
    `WITH per AS (SELECT "telegramUserId", count(*) AS c FROM "Event" GROUP BY 1)
     SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY c) AS events_per_user_p50,
            percentile_disc(0.9) WITHIN GROUP (ORDER BY c) AS events_per_user_p90,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY c) AS events_per_user_p99,
            max(c) AS events_per_user_max
     FROM per`,
  );
  const names = await client.query<{ name: string; n: string }>(`SELECT "name", count(*) AS n FROM "Event" GROUP BY 1 ORDER BY 2 DESC`);
  const recent = await one(`SELECT count(*) AS events_last_30d FROM "Event" WHERE "occurredAt" >= $1::timestamp - interval '30 days'`, [nowTs]);
  const out: TDataProfile = {};
  for (const [k, v] of Object.entries({ ...users, ...tags, ...events, ...recent })) out[k] = typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : (v as number | string);
  for (const r of names.rows) out[`events_${r.name}`] = Number(r.n);
  return out;
}
