// The claim before each request (PENDING → SENDING, only while this sender holds the bot's
// lease and the campaign runs), with the claims that lanes ask for at the same moment
// sharing one statement. The claim and the request go out together (lib/telegram/
// held-request.ts): the claim's transaction stays open while each claimed lane opens its
// request (everything but the last chunk); then the COMMIT is written and every request
// finished, with no await in between. A crash before the COMMIT is written leaves neither
// (sent later); after, both. Nothing is ever sent twice.
import pg from "pg";
import { databaseUrl } from "../../env";
import { log } from "../../log";
import type { THeldRequest } from "../../telegram/held-request";

/** A claimed recipient's lane hands over its opened request (null: it could not open one). */
export type TClaim = { claimed: false } | { claimed: true; ready: (request: THeldRequest | null) => Promise<void> };

type TWaiter = { id: bigint; resolve: (claim: TClaim) => void; reject: (e: unknown) => void };

/** How long the claim's transaction waits for the lanes to open their requests. */
const READY_TIMEOUT_MS = 10_000;

export type TClaimer = { claim: (id: bigint) => Promise<TClaim>; close: () => Promise<void> };

/** `claim(id)`: claimed once the recipient is SENDING for `owner` (not yet committed: see `ready`). */
export function recipientClaimer(botId: string, owner: string): TClaimer {
  let queue: TWaiter[] = [];
  let running = false;
  let client: pg.Client | null = null;
  /** The latest group's COMMIT: closing waits for it (its requests are already out). */
  let lastCommit: Promise<void> = Promise.resolve();
  const connect = async () => {
    if (client) return client;
    const c = new pg.Client({ connectionString: databaseUrl() });
    c.on("error", (e) => log.warn("campaign sender: the claim connection failed", { botId, error: e.message }));
    await c.connect();
    client = c;
    return c;
  };

  const claimGroup = async (group: TWaiter[]): Promise<{ committed: Promise<void> }> => {
    const c = await connect();
    let claimed: Set<string>;
    try {
      // BEGIN and the claim in one round trip (the simple protocol takes no parameters: the
      // values are our own ids, as literals).
      const ids = group.map((w) => BigInt(w.id).toString()).join(",");
      const results = (await c.query(`
        BEGIN;
        UPDATE "CampaignRecipient" SET "state" = 'SENDING', "claimedBy" = ${c.escapeLiteral(owner)}, "attempts" = "attempts" + 1
        WHERE "id" = ANY(ARRAY[${ids}]::bigint[]) AND "state" = 'PENDING'
          AND EXISTS (SELECT 1 FROM "BotSendState" WHERE "botId" = ${c.escapeLiteral(botId)} AND "ownerId" = ${c.escapeLiteral(owner)} AND "leaseUntil" > now())
          -- A pause or a cancel stops the very next request, not the next batch.
          AND EXISTS (SELECT 1 FROM "Campaign" c WHERE c."id" = "CampaignRecipient"."campaignId" AND c."status" = 'RUNNING')
        RETURNING "id"::text AS "id"`)) as unknown as pg.QueryResult<{ id: string }>[];
      claimed = new Set(results[1]!.rows.map((r) => r.id));
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
    if (claimed.size === 0) {
      await c.query("ROLLBACK");
      for (const w of group) w.resolve({ claimed: false });
      return { committed: Promise.resolve() };
    }
    // Each claimed lane opens its request and hands it over; then all go out with the COMMIT.
    const requests = new Map<TWaiter, THeldRequest | null>();
    let allReady!: () => void;
    const ready = new Promise<void>((resolve) => (allReady = resolve));
    let sent!: (ok: boolean) => void;
    const done = new Promise<boolean>((resolve) => (sent = resolve));
    const mine = group.filter((w) => claimed.has(w.id.toString()));
    for (const w of group) {
      if (!claimed.has(w.id.toString())) {
        w.resolve({ claimed: false });
        continue;
      }
      w.resolve({
        claimed: true,
        ready: async (request) => {
          requests.set(w, request);
          if (requests.size === mine.length) allReady();
          if (!(await done)) throw new Error("the claim was rolled back");
        },
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([ready.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (!inTime) {
      // A lane never came back: nothing of this group goes out.
      for (const r of requests.values()) r?.abort();
      await c.query("ROLLBACK").catch(() => undefined);
      sent(false);
      return { committed: Promise.resolve() };
    }
    // The COMMIT is written, then each request finished: no await in between. The next
    // group's claim queues behind the COMMIT on this connection.
    const committed = c.query("COMMIT");
    for (const r of requests.values()) r?.finish();
    return {
      committed: committed.then(
        () => sent(true),
        (e: unknown) => {
          // The connection broke at the COMMIT: whether it committed is unknown, the requests are out.
          log.error("campaign sender: the claim's COMMIT failed after its requests went out", { botId, error: e instanceof Error ? e.message : String(e) });
          sent(true);
        },
      ),
    };
  };

  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        // Not waiting for the COMMIT's answer: the next claim is queued behind it anyway.
        lastCommit = (await claimGroup(group)).committed;
      } catch (e) {
        for (const w of group) w.reject(e);
        // A broken connection is replaced on the next claim.
        const broken = client;
        client = null;
        await broken?.end().catch(() => undefined);
      }
    }
    running = false;
  };

  return {
    claim: (id) =>
      new Promise<TClaim>((resolve, reject) => {
        queue.push({ id, resolve, reject });
        if (!running) void drain();
      }),
    close: async () => {
      while (running) await new Promise((resolve) => setTimeout(resolve, 5));
      await lastCommit;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
