// The contract of Settings → Lifecycle stages, shared by the form and the API (no server
// imports, so the form can check its input before it sends it). Messages use the form's
// labels (New, Active, Churned): they are shown by the field they are about.
import { z } from "zod";

const days = (min: number, max: number, tooFew: string) =>
  z
    .number({ error: "enter a number of days" })
    .int("enter a whole number of days")
    .min(min, tooFew)
    .max(max, `at most ${max} days`);

export const ZLifecycleSettings = z
  .object({
    /** "new": first seen within this many days. */
    newDays: days(0, 365, "0 days or more").default(3),
    /** "active": interacted within this many days. */
    activeDays: days(1, 365, "at least 1 day").default(7),
    /** "dormant": last interaction between activeDays and this many days ago; "churned" beyond. */
    dormantDays: days(2, 3650, "at least 2 days").default(30),
  })
  .refine((s) => s.dormantDays > s.activeDays, {
    message: "Churned must be more days than Active",
    path: ["dormantDays"],
  });
export type TLifecycleSettings = z.infer<typeof ZLifecycleSettings>;

export const DEFAULT_LIFECYCLE: TLifecycleSettings = { newDays: 3, activeDays: 7, dormantDays: 30 };
