import { getBoss } from "./boss";
import { JOB_SCHEMAS, type TJobName, type TJobPayload } from "./schemas";

type TEnqueueOptions = { startAfterSeconds?: number; singletonKey?: string };

/** Validate a payload against its job's schema and put it on the queue. */
export async function enqueue<N extends TJobName>(name: N, payload: TJobPayload<N>, opts: TEnqueueOptions = {}): Promise<string | null> {
  const data = JOB_SCHEMAS[name].parse(payload);
  const boss = await getBoss();
  return boss.send(name, data, {
    startAfter: opts.startAfterSeconds,
    singletonKey: opts.singletonKey,
  });
}
