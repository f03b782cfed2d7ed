// The inbox's real-time layer against real PostgreSQL: two listeners stand for two
// web processes; events come from real transactions through publishInboxEvent.
import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { useTestDatabase } from "./helpers";
import { db } from "@/lib/db/client";
import { publishInboxEvent } from "@/lib/realtime/publish";
import { createInboxListener, type InboxListener, type TInboxListenerOptions } from "@/lib/realtime/listener";
import { pruneInboxEvents } from "@/lib/realtime/prune";
import type { TInboxStreamEvent } from "@/lib/realtime/schemas";

useTestDatabase();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

const listeners: InboxListener[] = [];
function listener(options?: TInboxListenerOptions): InboxListener {
  const l = createInboxListener(process.env.DATABASE_URL!, options);
  listeners.push(l);
  return l;
}
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});

/** A subscriber that records what it gets. */
function record(l: InboxListener, after: bigint | null) {
  const events: TInboxStreamEvent[] = [];
  const sub = l.subscribe(after, (e) => events.push(e));
  return {
    events,
    sub,
    ids: () => events.filter((e) => e.kind !== "resync").map((e) => BigInt(e.id)),
  };
}

function publishOne(i: number, opts: { holdMs?: number; rollback?: boolean } = {}): Promise<bigint | null> {
  return db()
    .$transaction(
      async (tx) => {
        const id = await publishInboxEvent(tx, { kind: "message.created", conversationId: `c${i % 7}`, payload: { i } });
        if (opts.holdMs) await sleep(opts.holdMs);
        if (opts.rollback) throw new Error("rollback on purpose");
        return id;
      },
      { maxWait: 60_000, timeout: 60_000 },
    )
    .catch((e: unknown) => {
      if (e instanceof Error && e.message === "rollback on purpose") return null;
      throw e;
    });
}

function expectStrictlyIncreasing(ids: bigint[]): void {
  for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `ids[${i}]=${ids[i]} after ${ids[i - 1]}`).toBe(true);
}

describe("publishInboxEvent", () => {
  it("stores the event with a UTC time and refuses secrets in the payload", async () => {
    const before = Date.now();
    const id = await publishInboxEvent(db(), { kind: "tags.changed", payload: { n: 1n, nested: { ok: true } } });
    const row = await db().inboxEvent.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ kind: "tags.changed", conversationId: null, payload: { n: "1", nested: { ok: true } } });
    expect(Math.abs(row.createdAt.getTime() - before)).toBeLessThan(60_000);
    await expect(publishInboxEvent(db(), { kind: "typing", payload: { bot: { token: "x" } } })).rejects.toThrow(/token/);
  });
});

describe("inbox listener", () => {
  it("(a) delivers a transaction's event to every process only after commit, and nothing of a rollback", async () => {
    const a = listener();
    const b = listener();
    await Promise.all([a.start(), b.start()]);
    expect(a.backendPid).not.toBe(b.backendPid);
    const ra = record(a, null);
    const rb = record(b, null);

    let committed = 0n;
    await db().$transaction(async (tx) => {
      committed = await publishInboxEvent(tx, { kind: "conversation.assigned", conversationId: "conv-a", payload: { assigneeId: "s1" } });
      await sleep(300); // both listeners are connected and idle: nothing may arrive before COMMIT
      expect(ra.events).toHaveLength(0);
      expect(rb.events).toHaveLength(0);
    });
    await until("both listeners to get the committed event", () => ra.events.length === 1 && rb.events.length === 1);
    for (const r of [ra, rb]) {
      expect(r.events[0]).toMatchObject({ id: committed.toString(), kind: "conversation.assigned", conversationId: "conv-a", payload: { assigneeId: "s1" } });
      expect((r.events[0] as { createdAt: string }).createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }

    const rolledBack = await publishOne(1, { rollback: true });
    expect(rolledBack).toBeNull();
    // The rolled-back id is a gap before the next one: it must neither arrive nor hold the next back.
    const next = await publishOne(2);
    await until("the event after the rolled-back one", () => ra.events.length === 2 && rb.events.length === 2, 3_000);
    await sleep(100);
    for (const r of [ra, rb]) expect(r.ids()).toEqual([committed, next]);
    expect(await db().inboxEvent.count()).toBeGreaterThanOrEqual(2);
  });

  it("(b) replays missed events in order, then goes live, without duplicates or holes under 200 concurrent publishers", async () => {
    const running = listener();
    await running.start();
    const anchor = (await db().inboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const missed: bigint[] = [];
    for (let i = 0; i < 30; i++) missed.push((await publishOne(i))!);

    const lateStarter = listener(); // not connected yet: its subscribers wait, then replay
    const subs: ReturnType<typeof record>[] = [];
    const publishing = Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await sleep(Math.random() * 400);
        // Some transactions hold their id for a while (commit out of id order); some roll back.
        return publishOne(1000 + i, { holdMs: i % 5 === 0 ? Math.random() * 60 : 0, rollback: i % 17 === 0 });
      }),
    );
    for (let k = 0; k < 8; k++) {
      await sleep(50);
      subs.push(record(k % 2 === 0 ? running : lateStarter, anchor));
    }
    const live = record(running, null);
    const committed = [...missed, ...(await publishing).filter((x): x is bigint => x !== null)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(committed.length).toBeGreaterThan(200);

    const last = committed[committed.length - 1]!;
    await until("every subscriber to reach the last committed id", () => subs.every((s) => s.ids().at(-1) === last));
    await sleep(200);
    for (const s of subs) {
      expect(s.events.some((e) => e.kind === "resync")).toBe(false);
      expectStrictlyIncreasing(s.ids());
      expect(s.ids()).toEqual(committed);
    }
    // The "from now on" subscriber got a gap-free, ordered tail of the committed ids.
    expectStrictlyIncreasing(live.ids());
    const tail = live.ids();
    expect(committed.slice(committed.length - tail.length)).toEqual(tail);
  });

  it("(b') tells a subscriber whose cursor is too far behind, or pruned, to resync", async () => {
    const l = listener({ replayLimit: 5 });
    await l.start();
    const tail = record(l, null);
    const base = (await publishOne(1))!;
    let newest = base;
    for (let i = 0; i < 10; i++) newest = (await publishOne(i))!;
    await until("the listener to catch up", () => tail.ids().at(-1) === newest);
    const behind = record(l, base);
    await until("resync", () => behind.events.length > 0);
    expect(behind.events[0]).toMatchObject({ kind: "resync", reason: "too-far-behind" });
    const after = await publishOne(99);
    await until("live after resync", () => behind.ids().includes(after!));
    expect(behind.ids()).toEqual([after]);

    // Age every row past the retention; prune; an old cursor cannot be replayed any more.
    await db().$executeRaw`UPDATE "InboxEvent" SET "createdAt" = "createdAt" - interval '2 days' WHERE "id" <= ${base}`;
    expect(await pruneInboxEvents()).toBeGreaterThan(0);
    expect(await db().inboxEvent.count({ where: { id: { lte: base } } })).toBe(0);
    const pruned = record(l, base - 1n);
    await until("resync", () => pruned.events.length > 0);
    expect(pruned.events[0]).toMatchObject({ kind: "resync", reason: "too-old" });
  });

  it("(c) reconnects after its connection is killed and delivers what was published meanwhile", async () => {
    const l = listener({ minReconnectMs: 2_000 }); // the outage lasts at least 1.5 s
    await l.start();
    const r = record(l, null);
    const first = (await publishOne(1))!;
    await until("the first event", () => r.ids().length === 1);

    const oldPid = l.backendPid!;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend($1)", [oldPid]);
    } finally {
      await admin.end();
    }
    await until("the listener to notice", () => l.status === "connecting", 5_000);
    const during: bigint[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await publishOne(i, { rollback: i === 7 });
      if (id !== null) during.push(id);
    }
    expect(l.status).toBe("connecting"); // all of them were published while it was down
    await until("the listener to reconnect", () => l.status === "ready");
    expect(l.backendPid).not.toBe(oldPid);
    await until("the events of the outage", () => r.ids().length === 1 + during.length);
    const after = (await publishOne(99))!;
    await until("a live event after reconnecting", () => r.ids().at(-1) === after);
    expect(r.ids()).toEqual([first, ...during, after]);
  });

  it("(e) a rolled-back id is not held back by an unrelated long transaction", async () => {
    const l = listener(); // default gapTimeoutMs: 10 s
    await l.start();
    const r = record(l, null);
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      // A long writer elsewhere in the database: it has a transaction id, so it is in every snapshot.
      await other.query("BEGIN");
      await other.query(`UPDATE "StaffUser" SET "name" = "name" WHERE false`);
      await other.query("SELECT pg_current_xact_id()");
      expect(await publishOne(1, { rollback: true })).toBeNull();
      const t0 = Date.now();
      const next = (await publishOne(2))!;
      await until("the event after the rolled-back id", () => r.ids().includes(next), 5_000);
      expect(Date.now() - t0).toBeLessThan(3_000); // far below the 10 s gap timeout
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
  });

  it("(f) passes over a stuck publisher's id after gapTimeoutMs and asks for a resync when it commits", async () => {
    const l = listener({ gapTimeoutMs: 300 });
    await l.start();
    const r = record(l, null);
    const stuck = publishOne(1, { holdMs: 3_000 }); // takes its id first, commits last
    await sleep(100);
    const later = (await publishOne(2))!;
    await until("the later event, passed over the stuck one", () => r.ids().includes(later), 2_500);
    expect(r.events).toHaveLength(1);
    const stuckId = (await stuck)!;
    expect(stuckId < later).toBe(true);
    await until("a resync once the stuck id shows up", () => r.events.some((e) => e.kind === "resync"), 10_000);
    expect(r.events.at(-1)).toMatchObject({ kind: "resync", id: later.toString(), reason: "late-event" });
    const after = (await publishOne(3))!;
    await until("live again", () => r.ids().includes(after));
    expect(r.ids()).toEqual([later, after]);
  });

  it("(g) holds an event back for a publisher whose transaction id is newer than the committed one's", async () => {
    // The case a snapshot's list of running transactions misses: B gets its transaction id
    // first, P second; P draws the smaller event id; B commits. A snapshot then has
    // xmax = B + 1 and leaves P out of its running list, though P still owns the gap.
    const l = listener();
    await l.start();
    const r = record(l, null);
    const [b, p] = [0, 1].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    await Promise.all([b!.connect(), p!.connect()]);
    const insert = async (c: pg.Client) => {
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO "InboxEvent" ("kind", "payload", "createdAt") VALUES ('typing', '{}', now()) RETURNING "id"::text AS id`,
      );
      await c.query(`SELECT pg_notify('tagflow_inbox', $1)`, [rows[0]!.id]);
      return BigInt(rows[0]!.id);
    };
    try {
      await b!.query("BEGIN");
      const { rows: bx } = await b!.query<{ x: string }>("SELECT pg_current_xact_id()::text AS x");
      await p!.query("BEGIN");
      const { rows: px } = await p!.query<{ x: string }>("SELECT pg_current_xact_id()::text AS x");
      expect(BigInt(px[0]!.x) > BigInt(bx[0]!.x)).toBe(true);
      const small = await insert(p!);
      const big = await insert(b!);
      expect(small < big).toBe(true);
      await b!.query("COMMIT");
      await sleep(500);
      expect(r.ids()).toEqual([]); // `big` waits for `small`, whose transaction still runs
      await p!.query("COMMIT");
      await until("both events", () => r.ids().length === 2, 5_000);
      expect(r.ids()).toEqual([small, big]);
      expect(r.events.some((e) => e.kind === "resync")).toBe(false);
    } finally {
      await Promise.all([b!.end(), p!.end()]);
    }
  });

  it("(d) latency from publish to a subscriber (printed)", async () => {
    const l = listener();
    await l.start();
    const received = new Map<string, number>();
    l.subscribe(null, (e) => received.set(e.id, performance.now()));
    type TSent = Map<string, { called: number; committed: number }>;
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(1);
    const line = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return `p50=${q(s, 0.5)} ms p95=${q(s, 0.95)} ms max=${s[s.length - 1]!.toFixed(1)} ms`;
    };
    const report = (label: string, sent: TSent) => {
      const all = [...sent].map(([id, t]) => ({ ...t, received: received.get(id)! }));
      console.log(
        `[realtime latency] ${label} (n=${all.length})\n` +
          `  commit acknowledged -> received: ${line(all.map((t) => t.received - t.committed))}\n` +
          `  publish called      -> received: ${line(all.map((t) => t.received - t.called))}`,
      );
    };
    const publish = async (sent: TSent, i: number) => {
      const called = performance.now();
      const event = { kind: "typing", conversationId: "c1", payload: { i } } as const;
      const id = (await db().$transaction((tx) => publishInboxEvent(tx, event), { maxWait: 60_000 })).toString();
      sent.set(id, { called, committed: performance.now() });
      return id;
    };

    // One after another. "commit acknowledged" is when COMMIT returned to the publisher; the
    // NOTIFY races that reply, so this figure can be slightly negative.
    const sequential: TSent = new Map();
    for (let i = 0; i < 200; i++) {
      const id = await publish(sequential, i);
      await until("delivery", () => received.has(id), 5_000);
    }
    report("sequential", sequential);

    // 200 publishers within ~200 ms: ids commit out of order, gaps are held back and resolved.
    // "publish called" includes waiting for one of Prisma's 10 pooled connections.
    const concurrent: TSent = new Map();
    await Promise.all(Array.from({ length: 200 }, async (_, i) => (await sleep(Math.random() * 200), publish(concurrent, i))));
    await until("all concurrent deliveries", () => [...concurrent.keys()].every((id) => received.has(id)), 10_000);
    report("200 concurrent", concurrent);
  });
});
