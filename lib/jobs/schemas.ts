// Job payload contracts. Producers (web and worker) and handlers share them.
import { z } from "zod";

export const JOB_SCHEMAS = {
  "telegram.process-update": z.object({ updateRowId: z.string().regex(/^\d+$/) }),
  "telegram.sweep-updates": z.object({}),
  "bots.sync": z.object({ botId: z.string().min(1) }),
  "inbox.deliver-message": z.object({ messageId: z.string().min(1) }),
  "realtime.prune-events": z.object({}),
  "segments.record-lifecycle": z.object({}),
  "segments.record-sizes": z.object({}),
  "flows.resume": z.object({ runId: z.string().min(1) }),
  "flows.sweep-waits": z.object({}),
  "campaigns.dispatch": z.object({ botId: z.string().min(1) }),
  "campaigns.tick": z.object({}),
} as const;

export type TJobName = keyof typeof JOB_SCHEMAS;
export type TJobPayload<N extends TJobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;
export const JOB_NAMES = Object.keys(JOB_SCHEMAS) as TJobName[];
