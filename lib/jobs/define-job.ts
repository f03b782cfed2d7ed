import type { z } from "zod";
import { JOB_SCHEMAS, type TJobName } from "./schemas";

export type TJobDefinition<N extends TJobName = TJobName> = {
  name: N;
  schema: (typeof JOB_SCHEMAS)[N];
  /** Must be idempotent: a job may run again after a crash or a retry. A batch's jobs run one after the other. */
  handler?: (payload: z.infer<(typeof JOB_SCHEMAS)[N]>) => Promise<void>;
  /**
   * Instead of `handler`: runs a whole batch (up to batchSize jobs) at once. When it throws,
   * every job of the batch is retried. Must be idempotent, like `handler`.
   */
  handleBatch?: (payloads: z.infer<(typeof JOB_SCHEMAS)[N]>[]) => Promise<void>;
  batchSize?: number;
  /** Lanes: batches fetched and run at the same time. */
  localConcurrency?: number;
  cron?: string;
};

export function defineJob<N extends TJobName>(name: N, def: Omit<TJobDefinition<N>, "name" | "schema">): TJobDefinition<N> {
  if (!def.handler === !def.handleBatch) throw new Error(`job ${name}: give either handler or handleBatch`);
  return { name, schema: JOB_SCHEMAS[name], ...def };
}
