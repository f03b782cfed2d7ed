// One LISTEN connection per process fans inbox events out to every open console
// stream of that process. Events are the InboxEvent rows; a NOTIFY only says "read
// again". The listener delivers ids strictly in order, each exactly once:
//
// - Ids are taken when a row is inserted but become visible when its transaction
//   commits, so a read may see 7 and not 6 yet. The listener then holds 7 back until 6
//   shows up or the transaction that took 6 is known to be over. It learns that from
//   the lock table, not from snapshots: a publisher holds a write lock on InboxEvent
//   from before it takes its id (the INSERT) until after its commit is visible, so
//   "every transaction that held that lock just after the gap was seen has released
//   it" means a read that starts afterwards sees every id of the gap that will ever
//   commit. (A snapshot's list of running transactions is not enough: it leaves out
//   transactions whose xid is above the snapshot's xmax, and such a transaction can
//   own an id below one that has already committed.)
//   A gap still open after `gapTimeoutMs` (a stuck publisher) is passed over; should one
//   of its ids appear later, live subscribers are told to resync instead of missing it.
// - After a lost connection it reconnects with backoff and reads on from the last id.
// - A subscriber with a cursor first gets the stored rows after it (up to the point the
//   live stream had reached when it joined), then the live events, buffered meanwhile.
import pg from "pg";
import { databaseUrl } from "../env";
import { log } from "../log";
import { INBOX_CHANNEL } from "./publish";
import type { TInboxEventKind, TInboxStreamEvent, TInboxWireEvent } from "./schemas";

export type TInboxSubscriber = (event: TInboxStreamEvent) => void;
export type TInboxSubscription = { unsubscribe(): void };
export type TListenerState = "idle" | "connecting" | "ready" | "stopped";

export type TInboxListenerOptions = {
  /** At most this many stored events are replayed to a subscriber; further behind, it gets `resync`. */
  replayLimit?: number;
  /** Rows read per query. */
  batchSize?: number;
  /** How long an id gap may hold later events back before it is passed over. */
  gapTimeoutMs?: number;
  /** A read (and so a liveness check of the connection) at least this often. */
  heartbeatMs?: number;
  /** Reconnect backoff bounds. */
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** Client-side timeout of every query; a timeout counts as a lost connection. */
  queryTimeoutMs?: number;
  applicationName?: string;
};

type TSub = {
  after: bigint | null;
  onEvent: TInboxSubscriber;
  /** waiting: for the connection; replaying: stored rows being read, live events buffered; live. */
  phase: "waiting" | "replaying" | "live";
  /** The last id this subscriber got (live phase). */
  cursor: bigint;
  buffer: TInboxWireEvent[];
  /** Invalidates a replay that was overtaken by a reconnect. */
  replayToken: number;
  closed: boolean;
};

type TRow = { id: string; kind: string; conversationId: string | null; payload: unknown; createdAt: string };

const EVENT_COLUMNS = `e."id"::text AS "id", e."kind", e."conversationId", e."payload",
  to_char(e."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

/** Rows after the cursor. */
const READ_SQL = `SELECT ${EVENT_COLUMNS} FROM "InboxEvent" e WHERE e."id" > $1::bigint ORDER BY e."id" LIMIT $2::int`;

/**
 * The running transactions (virtual transaction ids) that hold a write lock on
 * InboxEvent. Read in its own statement, before the read it guards: a transaction
 * releases its locks only after its commit is visible to later snapshots.
 */
const WRITERS_SQL = `
SELECT DISTINCT virtualtransaction AS "vxid" FROM pg_locks
WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND relation = '"InboxEvent"'::regclass`;

/** First connection: the newest id, and the oldest missing id among the recent ones, in one snapshot. */
const INIT_SQL = `
SELECT pg_backend_pid() AS "pid", h.head::text AS "head",
  (SELECT min(g)::text FROM generate_series(greatest(h.head - $1::int, h.lo), h.head) g
   WHERE NOT EXISTS (SELECT 1 FROM "InboxEvent" WHERE "id" = g)) AS "missing"
FROM (SELECT coalesce(max("id"), 0) AS head, coalesce(min("id"), 1) AS lo FROM "InboxEvent") h`;

const REPLAY_SQL = `
SELECT (SELECT min("id") FROM "InboxEvent")::text AS "minId", ${EVENT_COLUMNS}
FROM (SELECT 1) one
LEFT JOIN LATERAL (
  SELECT * FROM "InboxEvent" WHERE "id" > $1::bigint AND "id" <= $2::bigint ORDER BY "id" LIMIT $3::int
) e ON true
ORDER BY e."id"`;

function toWire(r: TRow): TInboxWireEvent {
  return {
    id: r.id,
    kind: r.kind as TInboxEventKind,
    conversationId: r.conversationId,
    payload: (r.payload ?? {}) as Record<string, unknown>,
    createdAt: r.createdAt,
  };
}

const noop = () => undefined;

export class InboxListener {
  private readonly opts: Required<TInboxListenerOptions>;
  private state: TListenerState = "idle";
  private client: pg.Client | null = null;
  private pid: number | null = null;
  /** Bumped on every (re)connect and loss: events of an older connection are ignored. */
  private generation = 0;
  /** Every id up to here is settled: delivered, or known never to commit. */
  private lastId: bigint | null = null;
  /** The newest id when the listener first connected ("now" for subscribers without a cursor during start-up). */
  private headAtStart = 0n;
  private readonly subs = new Set<TSub>();
  private draining = false;
  private drainRequested = false;
  /**
   * The open gap right after lastId: a missing id below `bound` belongs to one of
   * `writers` (InboxEvent writers seen just after the gap was), or will never commit.
   */
  private gap: { bound: bigint; writers: Set<string>; since: number } | null = null;
  /** Gaps passed over while their writers still ran; checked again once those end. */
  private passedOver: { from: bigint; to: bigint; writers: Set<string> }[] = [];
  private reconnectMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private everConnected = false;

  constructor(
    private readonly url: string,
    options: TInboxListenerOptions = {},
  ) {
    this.opts = {
      replayLimit: 1000,
      batchSize: 500,
      gapTimeoutMs: 10_000,
      heartbeatMs: 15_000,
      minReconnectMs: 100,
      maxReconnectMs: 5_000,
      queryTimeoutMs: 15_000,
      applicationName: "tagflow-inbox-listener",
      ...options,
    };
    this.reconnectMs = this.opts.minReconnectMs;
  }

  get status(): TListenerState {
    return this.state;
  }

  /** PostgreSQL backend pid of the LISTEN connection (for diagnostics and tests). */
  get backendPid(): number | null {
    return this.pid;
  }

  /** Subscribers currently attached (for diagnostics and tests). */
  get subscriberCount(): number {
    return this.subs.size;
  }

  /** Connects (once); resolves when the connection is up and listening. */
  start(): Promise<void> {
    if (this.state === "stopped") return Promise.reject(new Error("inbox listener is stopped"));
    if (this.state === "idle") {
      this.state = "connecting";
      this.heartbeat = setInterval(() => this.requestDrain(), this.opts.heartbeatMs);
      this.heartbeat.unref();
      void this.connect();
    }
    return this.ready();
  }

  /** Resolves when the listener is connected (at once when it is). */
  ready(): Promise<void> {
    if (this.state === "ready") return Promise.resolve();
    if (this.state === "stopped") return Promise.reject(new Error("inbox listener is stopped"));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /**
   * The id up to which everything is settled. A page that loads inbox data can read this
   * first and hand it to the browser as the stream's `after`: nothing in between is lost.
   */
  async cursor(): Promise<bigint> {
    await this.start();
    return this.lastId ?? 0n;
  }

  /**
   * `after`: the last id the subscriber has (replays what came after it), or null for
   * "from now on". Events arrive in id order, each once; `{kind: "resync"}` when the
   * gap cannot be replayed.
   */
  subscribe(after: bigint | null, onEvent: TInboxSubscriber): TInboxSubscription {
    const sub: TSub = { after, onEvent, phase: "waiting", cursor: 0n, buffer: [], replayToken: 0, closed: false };
    this.subs.add(sub);
    if (this.state === "ready") this.begin(sub);
    else this.start().catch(noop);
    return {
      unsubscribe: () => {
        sub.closed = true;
        sub.buffer = [];
        this.subs.delete(sub);
      },
    };
  }

  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "stopped";
    this.generation++;
    for (const t of [this.reconnectTimer, this.gapTimer]) if (t) clearTimeout(t);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.reconnectTimer = this.gapTimer = this.heartbeat = null;
    for (const sub of this.subs) sub.closed = true;
    this.subs.clear();
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error("inbox listener is stopped"));
    const client = this.client;
    this.client = null;
    this.pid = null;
    if (client) await client.end().catch(noop);
  }

  // ---- connection ----------------------------------------------------------

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: this.opts.applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: this.opts.queryTimeoutMs,
    });
    client.on("error", (e) => this.lost(gen, client, e));
    client.on("end", () => this.lost(gen, client, new Error("connection ended")));
    client.on("notification", (n) => {
      if (gen === this.generation && n.channel === INBOX_CHANNEL) this.requestDrain();
    });
    try {
      await client.connect();
      // LISTEN before reading: whatever commits from now on notifies; anything earlier the read finds.
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      const { rows } = await client.query<{ pid: number; head: string; missing: string | null }>(INIT_SQL, [
        this.opts.replayLimit,
      ]);
      if (gen !== this.generation) {
        await client.end().catch(noop);
        return;
      }
      const init = rows[0]!;
      this.pid = init.pid;
      if (this.lastId === null) {
        // Start at the newest event, or just before the oldest recent id that is missing:
        // it may still commit (and is then delivered in order); the first read treats it
        // as a gap and settles it against the lock table.
        this.headAtStart = BigInt(init.head);
        this.lastId = init.missing !== null ? BigInt(init.missing) - 1n : this.headAtStart;
      }
    } catch (e) {
      this.lost(gen, client, e);
      return;
    }
    const wasReconnect = this.everConnected;
    this.everConnected = true;
    this.client = client;
    this.state = "ready";
    this.reconnectMs = this.opts.minReconnectMs;
    if (wasReconnect) log.info("inbox listener connected", { pid: this.pid, lastId: this.lastId });
    for (const w of this.readyWaiters.splice(0)) w.resolve();
    for (const sub of this.subs) if (sub.phase === "waiting") this.begin(sub);
    this.requestDrain();
  }

  private lost(gen: number, client: pg.Client, error: unknown): void {
    if (gen !== this.generation || this.state === "stopped") return;
    this.generation++;
    this.client = null;
    this.pid = null;
    this.state = "connecting";
    client.removeAllListeners("notification");
    client.on("error", noop);
    void client.end().catch(noop);
    for (const sub of this.subs) {
      if (sub.phase === "replaying") {
        sub.phase = "waiting";
        sub.buffer = [];
      }
    }
    const delay = Math.round(this.reconnectMs * (0.75 + Math.random() * 0.5));
    this.reconnectMs = Math.min(this.reconnectMs * 2, this.opts.maxReconnectMs);
    log.warn("inbox listener lost its connection; reconnecting", {
      error: error instanceof Error ? error.message : String(error),
      retryInMs: delay,
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.state !== "stopped") void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  // ---- reading -------------------------------------------------------------

  private requestDrain(): void {
    this.drainRequested = true;
    if (!this.draining) void this.drainLoop();
  }

  private async drainLoop(): Promise<void> {
    this.draining = true;
    try {
      while (this.drainRequested && this.client && this.state === "ready") {
        this.drainRequested = false;
        const gen = this.generation;
        const client = this.client;
        try {
          if (await this.readOnce(client)) this.drainRequested = true;
        } catch (e) {
          // A failed read means a broken (or hung) connection: start over on a new one.
          this.lost(gen, client, e);
        }
      }
    } finally {
      this.draining = false;
    }
    // A reconnect may have asked for a read while the old connection's read was failing.
    if (this.drainRequested && this.client && this.state === "ready") this.requestDrain();
  }

  /** One read after lastId; true when it should read again at once. */
  private async readOnce(client: pg.Client): Promise<boolean> {
    /** Missing ids up to here will never commit: their writers had ended before this read began. */
    let settledBelow = 0n;
    if (this.gap || this.passedOver.length > 0) {
      const writers = await this.writers(client);
      if (this.passedOver.length > 0) await this.checkPassedOver(client, writers);
      if (this.gap) {
        for (const w of this.gap.writers) if (!writers.has(w)) this.gap.writers.delete(w);
        if (this.gap.writers.size === 0) {
          settledBelow = this.gap.bound;
          this.gap = null;
        }
      }
    }

    const { rows } = await client.query<TRow>(READ_SQL, [this.lastId!.toString(), this.opts.batchSize]);
    const newest = rows.length > 0 ? BigInt(rows[rows.length - 1]!.id) : 0n;
    /** Set when a timed-out gap is passed over: the writers it still waited for. */
    let passingOver: Set<string> | null = null;
    for (const row of rows) {
      const id = BigInt(row.id);
      if (this.gap && this.lastId! + 1n >= this.gap.bound) this.gap = null;
      if (id !== this.lastId! + 1n && id > settledBelow) {
        if (!this.gap) {
          // Whoever took a missing id below `newest` did so before that row committed, so
          // before this read began; if it still runs, it holds its write lock now.
          const writers = await this.writers(client);
          this.gap = { bound: newest, writers, since: Date.now() };
          if (writers.size === 0) return true; // all ended: the next read settles the gap
          this.scheduleGapCheck();
          return false;
        }
        if (Date.now() - this.gap.since < this.opts.gapTimeoutMs) {
          this.scheduleGapCheck();
          return false;
        }
        settledBelow = this.gap.bound;
        passingOver = this.gap.writers;
        this.gap = null;
      }
      if (id !== this.lastId! + 1n && passingOver) {
        this.passedOver.push({ from: this.lastId! + 1n, to: id - 1n, writers: new Set(passingOver) });
        log.warn("inbox listener passed over ids whose transactions did not end in time", {
          from: this.lastId! + 1n,
          to: id - 1n,
          runningTransactions: passingOver.size,
        });
      }
      this.lastId = id;
      this.dispatch(toWire(row));
    }
    return rows.length === this.opts.batchSize;
  }

  private async writers(client: pg.Client): Promise<Set<string>> {
    const { rows } = await client.query<{ vxid: string }>(WRITERS_SQL);
    return new Set(rows.map((r) => r.vxid));
  }

  private scheduleGapCheck(): void {
    if (this.gapTimer || !this.gap) return;
    // Soon at first (a concurrent publisher commits within milliseconds), then less often.
    // A publisher's commit also notifies, which reads at once.
    const waited = Date.now() - this.gap.since;
    const delay = Math.min(250, Math.max(5, Math.round(waited / 4)));
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.requestDrain();
    }, delay);
    this.gapTimer.unref();
  }

  /** `writers`: read just before; a passed-over gap whose writers have all ended is checked for late rows. */
  private async checkPassedOver(client: pg.Client, writers: Set<string>): Promise<void> {
    const done = this.passedOver.filter((p) => [...p.writers].every((w) => !writers.has(w)));
    if (done.length === 0) return;
    this.passedOver = this.passedOver.filter((p) => !done.includes(p));
    for (const p of done) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "InboxEvent" WHERE "id" BETWEEN $1::bigint AND $2::bigint`,
        [p.from.toString(), p.to.toString()],
      );
      if ((rows[0]?.n ?? 0) === 0) continue;
      log.warn("inbox events committed after being passed over; live consoles resync", { from: p.from, to: p.to });
      for (const sub of this.subs) {
        if (sub.phase === "live") this.emit(sub, { kind: "resync", id: sub.cursor.toString(), reason: "late-event" });
      }
    }
  }

  // ---- subscribers ---------------------------------------------------------

  private dispatch(event: TInboxWireEvent): void {
    const id = BigInt(event.id);
    for (const sub of this.subs) {
      if (sub.phase === "live") {
        if (id > sub.cursor) {
          sub.cursor = id;
          this.emit(sub, event);
        }
      } else if (sub.phase === "replaying") {
        sub.buffer.push(event);
      }
    }
  }

  private emit(sub: TSub, event: TInboxStreamEvent): void {
    if (sub.closed) return;
    try {
      sub.onEvent(event);
    } catch (e) {
      log.error("inbox subscriber failed", { error: e instanceof Error ? e.stack : String(e) });
    }
  }

  /** Called when the listener is ready: replay what the subscriber missed, then go live. */
  private begin(sub: TSub): void {
    const upTo = this.lastId!;
    if (sub.after === null || sub.after >= upTo) {
      sub.phase = "live";
      // Without a cursor: from now on (not the recent events the listener re-reads at start).
      sub.cursor = sub.after ?? (upTo > this.headAtStart ? upTo : this.headAtStart);
      return;
    }
    const client = this.client!;
    const gen = this.generation;
    const after = sub.after;
    const token = ++sub.replayToken;
    sub.phase = "replaying";
    sub.buffer = [];
    client
      .query<TRow & { minId: string | null }>(REPLAY_SQL, [after.toString(), upTo.toString(), this.opts.replayLimit + 1])
      .then(({ rows }) => {
        if (sub.closed || sub.replayToken !== token || sub.phase !== "replaying") return;
        const events = rows.filter((r) => r.id !== null);
        const minId = rows[0]?.minId != null ? BigInt(rows[0].minId) : null;
        // Rows after the cursor were pruned (or it is simply too far behind): the client reloads.
        const pruned = minId === null ? true : after < minId - 1n;
        if (pruned || events.length > this.opts.replayLimit) {
          sub.cursor = upTo;
          this.emit(sub, { kind: "resync", id: upTo.toString(), reason: pruned ? "too-old" : "too-far-behind" });
        } else {
          sub.cursor = after;
          for (const row of events) {
            sub.cursor = BigInt(row.id);
            this.emit(sub, toWire(row));
          }
          sub.cursor = upTo;
        }
        const buffered = sub.buffer;
        sub.buffer = [];
        sub.phase = "live";
        for (const e of buffered) {
          const id = BigInt(e.id);
          if (id > sub.cursor) {
            sub.cursor = id;
            this.emit(sub, e);
          }
        }
      })
      .catch((e: unknown) => {
        if (sub.replayToken !== token) return;
        sub.phase = "waiting";
        sub.buffer = [];
        this.lost(gen, client, e);
      });
  }
}

export function createInboxListener(url: string, options?: TInboxListenerOptions): InboxListener {
  return new InboxListener(url, options);
}

// ---- the process's listener ------------------------------------------------

const g = globalThis as unknown as { tagflowInboxListener?: InboxListener };

/** This process's listener, created (not yet connected) on first use. */
export function inboxListener(): InboxListener {
  if (!g.tagflowInboxListener) g.tagflowInboxListener = createInboxListener(databaseUrl());
  return g.tagflowInboxListener;
}

/** Subscribe to this process's listener (connects it on first use). */
export function subscribe(after: bigint | null, onEvent: TInboxSubscriber): TInboxSubscription {
  return inboxListener().subscribe(after, onEvent);
}

/** See InboxListener.cursor(). */
export function inboxCursor(): Promise<bigint> {
  return inboxListener().cursor();
}

export async function stopListener(): Promise<void> {
  const listener = g.tagflowInboxListener;
  g.tagflowInboxListener = undefined;
  if (listener) await listener.stop();
}
