import type { z } from "zod";
import { JOB_SCHEMAS, type TJobName } from "./schemas";

export type TJobDefinition<N extends TJobName = TJobName> = {
  name: N;
  schema: (typeof JOB_SCHEMAS)[N];
  /** Must be idempotent: a job may run again after a crash or a retry. */
  handler: (payload: z.infer<(typeof JOB_SCHEMAS)[N]>) => Promise<void>;
  batchSize?: number;
  localConcurrency?: number;
  cron?: string;
};

export function defineJob<N extends TJobName>(name: N, def: Omit<TJobDefinition<N>, "name" | "schema">): TJobDefinition<N> {
  return { name, schema: JOB_SCHEMAS[name], ...def };
}
