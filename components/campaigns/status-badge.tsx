// A campaign's status as a coloured pill; "Sending" pulses while it runs.
import { cn } from "../ui/cn";

export type TCampaignStatus = "DRAFT" | "SCHEDULED" | "RUNNING" | "PAUSED" | "STAGE_DONE" | "COMPLETED" | "CANCELLED";

const LOOK: Record<TCampaignStatus, { label: string; className: string }> = {
  DRAFT: { label: "Draft", className: "bg-slate-100 text-slate-700" },
  SCHEDULED: { label: "Scheduled", className: "bg-sky-100 text-sky-800" },
  RUNNING: { label: "Sending", className: "bg-brand-100 text-brand-700" },
  PAUSED: { label: "Paused", className: "bg-amber-100 text-amber-800" },
  STAGE_DONE: { label: "Stage done", className: "bg-violet-100 text-violet-800" },
  COMPLETED: { label: "Completed", className: "bg-emerald-100 text-emerald-800" },
  CANCELLED: { label: "Cancelled", className: "bg-red-100 text-red-700" },
};

export function StatusBadge({ status, className }: { status: TCampaignStatus; className?: string }) {
  const look = LOOK[status];
  return (
    <span className={cn("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium", look.className, className)} data-testid="campaign-status" data-status={status}>
      {status === "RUNNING" && <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {look.label}
    </span>
  );
}
