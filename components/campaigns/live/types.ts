// The JSON the live view reads: GET /api/campaigns/:id/progress and /report.
import type { TCampaignStatus } from "../status-badge";

export type TStageProgress = { stage: number; total: number; sent: number; failed: number; skipped: number; remaining: number };

export type TProgress = {
  status: TCampaignStatus;
  stage: number;
  stageCount: number;
  nextStageAt: string | null;
  launchedAt: string | null;
  completedAt: string | null;
  control: number;
  /** Counted sent without Telegram's answer (a sender stopped while their requests were out). */
  unconfirmed: number;
  stages: TStageProgress[];
  current: Omit<TStageProgress, "stage">;
  ratePerSecond: number;
  etaSeconds: number | null;
};

export type TFunnel = { targeted: number; sent: number; blocked: number; failed: number; skipped: number; clicked: number; replied: number; converted: number; tagged: number };

export type TLift = { sentRate: number; controlRate: number; absolute: number; low: number; high: number } | null;

export type TReport = {
  campaign: { id: string; name: string; status: TCampaignStatus; launchedAt: string | null; tracking: { conversionEvent: string | null; conversionWindowHours: number } };
  total: TFunnel;
  control: TFunnel;
  stages: (TFunnel & { stage: number })[];
  variants: (TFunnel & { id: string; name: string })[];
  lift: { conversion: TLift; reply: TLift };
  timeline: { bucketSeconds: number; points: { at: string; perSecond: number }[] };
};

export const ACTIVE: TCampaignStatus[] = ["RUNNING", "SCHEDULED"];
export const FINISHED: TCampaignStatus[] = ["COMPLETED", "CANCELLED"];
