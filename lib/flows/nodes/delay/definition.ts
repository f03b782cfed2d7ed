import { z } from "zod";
import { defineNode, next } from "../../define-node";

export const DELAY_UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const ZDelay = z
  .object({ amount: z.number().int().min(1, "wait at least 1"), unit: z.enum(["minutes", "hours", "days"]).default("minutes") })
  .refine((d) => d.amount * DELAY_UNITS[d.unit] <= 90 * DELAY_UNITS.days, { message: "a delay is at most 90 days", path: ["amount"] });

export const delay = defineNode({
  type: "delay",
  category: "logic",
  label: "Delay",
  description: "Waits minutes to days, then goes on. Kept in the job queue: a restart does not lose it.",
  icon: "⏱",
  schema: ZDelay,
  defaults: (): z.output<typeof ZDelay> => ({ amount: 1, unit: "hours" }),
  outputs: () => [next("Then")],
  summary: (d) => `wait ${d.amount} ${d.amount === 1 ? d.unit.slice(0, -1) : d.unit}`,
});

export function delayMs(d: z.infer<typeof ZDelay>): number {
  return d.amount * DELAY_UNITS[d.unit];
}
