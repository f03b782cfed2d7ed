import { cn } from "../ui/cn";
import type { TFlowStatus } from "./api-types";

const LOOK: Record<TFlowStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  published: "bg-emerald-100 text-emerald-800",
  changed: "bg-amber-100 text-amber-800",
};

function label(status: TFlowStatus, version: number | null | undefined): string {
  if (status === "draft") return "Draft";
  const v = version ? ` · v${version}` : "";
  return status === "published" ? `Published${v}` : `Published${v} · changes not published`;
}

export function FlowStatusBadge({ status, version }: { status: TFlowStatus; version?: number | null }) {
  return (
    <span className={cn("inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium", LOOK[status])} data-testid="flow-status" data-status={status}>
      {label(status, version)}
    </span>
  );
}
