// The wizard's draft: every saved part of a campaign, and the schema each part is saved under.
import { z } from "zod";
import { ZAudience, ZCampaignMessage, ZCampaignName, ZRollout, ZSchedule, ZTracking, type TAudience, type TCampaignMessage, type TRollout, type TSchedule, type TTracking } from "@/lib/campaigns/schemas";

export type TDraft = {
  name: string;
  wizardStep: number;
  audience: TAudience;
  message: TCampaignMessage;
  rollout: TRollout;
  schedule: TSchedule;
  tracking: TTracking;
  paidBroadcast: boolean;
  ratePerSecond: number;
};

export type TDraftKey = keyof TDraft;

export const DRAFT_SCHEMAS: Record<TDraftKey, z.ZodType> = {
  name: ZCampaignName,
  wizardStep: z.number().int().min(1).max(6),
  audience: ZAudience,
  message: ZCampaignMessage,
  rollout: ZRollout,
  schedule: ZSchedule,
  tracking: ZTracking,
  paidBroadcast: z.boolean(),
  ratePerSecond: z.number().int().min(1).max(1000),
};

export const DRAFT_LABELS: Record<TDraftKey, string> = {
  name: "Name",
  wizardStep: "Step",
  audience: "Audience",
  message: "Message",
  rollout: "Rollout",
  schedule: "Schedule",
  tracking: "Tracking",
  paidBroadcast: "Speed",
  ratePerSecond: "Speed",
};

export type TStepKey = "audience" | "message" | "test" | "rollout" | "schedule" | "review";

export const STEPS: { n: number; key: TStepKey; title: string }[] = [
  { n: 1, key: "audience", title: "Audience" },
  { n: 2, key: "message", title: "Message" },
  { n: 3, key: "test", title: "Test send" },
  { n: 4, key: "rollout", title: "Rollout" },
  { n: 5, key: "schedule", title: "Schedule" },
  { n: 6, key: "review", title: "Review" },
];

/** The step a check problem belongs to. */
export const PROBLEM_STEP: Record<"audience" | "message" | "rollout" | "schedule", number> = { audience: 1, message: 2, rollout: 4, schedule: 5 };

/** Messages per second the sender keeps for this campaign (Telegram: 30 unless paid broadcast). */
export function effectiveRate(d: Pick<TDraft, "paidBroadcast" | "ratePerSecond">): number {
  return Math.max(1, Math.min(d.paidBroadcast ? 1000 : 30, d.ratePerSecond));
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60 ? `${s % 60} s` : ""}`.trim();
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export const fmt = (v: number) => v.toLocaleString("en-US");
