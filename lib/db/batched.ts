// Statements that many handlers make at about the same moment share one statement. The
// worker answers the chats of a job batch at the same time, so their handlers reach the
// same steps together (read the user, tag, record the reply…); a call waits one turn of the
// event loop for its peers, and one multi-row statement then does them all. PostgreSQL's
// cost is mostly per statement (parse, plan, commit, a round trip), not per row.
//
// `runMany(items)` returns one result per item, in order. If the shared statement fails,
// each item runs alone, so one bad row fails only its own call.
import DataLoader from "dataloader";

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

export function batched<TIn, TOut>(runMany: (items: readonly TIn[]) => Promise<TOut[]>, opts: { maxBatchSize?: number } = {}): (item: TIn) => Promise<TOut> {
  const loader = new DataLoader<TIn, TOut>(
    async (items) => {
      try {
        return await runMany(items);
      } catch (e) {
        if (items.length === 1) return [asError(e)];
        return Promise.all(items.map((item) => runMany([item]).then((r) => r[0] as TOut | Error, asError)));
      }
    },
    { cache: false, maxBatchSize: opts.maxBatchSize ?? 200, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return (item) => loader.load(item);
}

/**
 * Splits items so that no key occurs twice in a part (in order): a statement that updates
 * a row once per key (UPDATE … FROM) must not see the same row twice.
 */
export function uniqueRuns<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const parts: { keys: Set<string>; items: T[] }[] = [];
  for (const item of items) {
    const k = key(item);
    // After the last part that has the key: the order of one key's items is kept.
    let at = parts.length;
    while (at > 0 && !parts[at - 1]!.keys.has(k)) at--;
    const part = parts[at] ?? (parts[at] = { keys: new Set(), items: [] });
    part.keys.add(k);
    part.items.push(item);
  }
  return parts.map((p) => p.items);
}
