"use client";
// The campaign report: the funnel, per stage and per variant, lift over the control group
// and sends per second. Exact at any time (computed from the recipients).
import { Card } from "../../../ui/card";
import { RelativeTime } from "../../../ui/time";
import type { TReport } from "../types";
import { Funnel, FunnelTable } from "./funnel";
import { LiftCard } from "./lift-card";
import { RateChart } from "./rate-chart";

export function CampaignReport({ r, rateLimit, readAt }: { r: TReport; rateLimit: number; readAt: string | null }) {
  const { conversionEvent, conversionWindowHours } = r.campaign.tracking;
  return (
    <div className="space-y-4" data-testid="campaign-report">
      <Card title="Funnel" actions={readAt ? <span className="text-xs text-slate-500" data-testid="report-read-at">read <RelativeTime iso={readAt} live /> · follows the progress above while sending</span> : undefined}>
        <Funnel f={r.total} conversionEvent={conversionEvent} />
        {!conversionEvent && <p className="mt-2 text-xs text-slate-500">No conversion event was chosen for this campaign.</p>}
      </Card>
      <LiftCard lift={r.lift} control={r.control} conversionEvent={conversionEvent} windowHours={conversionWindowHours} />
      {r.stages.length > 1 && (
        <Card title="By stage">
          <FunnelTable testId="report-stages" rows={r.stages.map((s) => ({ label: `Stage ${s.stage}`, f: s }))} conversionEvent={conversionEvent} />
        </Card>
      )}
      {r.variants.length > 1 && (
        <Card title="By variant (A/B)">
          <FunnelTable testId="report-variants" rows={r.variants.map((v) => ({ label: `Variant ${v.name}`, f: v }))} conversionEvent={conversionEvent} />
        </Card>
      )}
      <Card title="Sends per second">
        <RateChart points={r.timeline.points} bucketSeconds={r.timeline.bucketSeconds} limit={rateLimit} />
      </Card>
    </div>
  );
}
