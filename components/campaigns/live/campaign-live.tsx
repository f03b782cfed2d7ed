"use client";
// A launched campaign: live progress (read every 1.5 s while it sends), the controls,
// and the report, refreshed while it sends.
import { useEffect, useRef, useState } from "react";
import { Card } from "../../ui/card";
import { StatusBadge } from "../status-badge";
import { CampaignControls } from "./campaign-controls";
import { ProgressPanel } from "./progress-panel";
import { CampaignReport } from "./report/campaign-report";
import { ACTIVE, FINISHED, type TProgress, type TReport } from "./types";
import { usePoll } from "./use-poll";

export function CampaignLive({ campaign, canSend }: { campaign: { id: string; name: string; botUsername: string; rateLimit: number }; canSend: boolean }) {
  const [pollMs, setPollMs] = useState<number | null>(1500);
  const progress = usePoll<TProgress>(`/api/campaigns/${campaign.id}/progress`, pollMs);
  const p = progress.data;
  const status = p?.status;
  const report = usePoll<TReport>(`/api/campaigns/${campaign.id}/report`, status && ACTIVE.includes(status) ? 5000 : null);
  const reloadReport = report.reload;

  // Fast while it sends, slowly while it waits (someone else may continue it), not at all once finished;
  // the report is read again whenever the status changes.
  useEffect(() => {
    if (!status) return;
    setPollMs(ACTIVE.includes(status) ? 1500 : FINISHED.includes(status) ? null : 5000);
    void reloadReport();
  }, [status, reloadReport]);

  // The report follows the progress: read again whenever the progress moves (one read at
  // a time), so the funnel's Sent and the progress's Sent differ by one read at most.
  const moved = p ? p.stages.reduce((a, s) => a + s.sent + s.failed + s.skipped, 0) : null;
  const reading = useRef(false);
  useEffect(() => {
    if (moved === null || reading.current) return;
    reading.current = true;
    void reloadReport().finally(() => {
      reading.current = false;
    });
  }, [moved, reloadReport]);

  // The current rate from what this page saw move over the last 10 s (the server's figure
  // averages a fixed 10 s, which under-reads the first seconds of a stage).
  const samples = useRef<{ t: number; done: number }[]>([]);
  const [pace, setPace] = useState<number | null>(null);
  useEffect(() => {
    if (!p) return;
    const now = Date.now();
    const done = p.stages.reduce((a, s) => a + s.sent + s.failed, 0);
    samples.current = [...samples.current.filter((s) => now - s.t <= 10_000 && s.done <= done), { t: now, done }];
    const first = samples.current[0]!;
    setPace(p.status === "RUNNING" && now - first.t >= 2500 ? ((done - first.done) * 1000) / (now - first.t) : null);
  }, [p]);

  return (
    <div className="space-y-4" data-testid="campaign-live">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
            {campaign.name}
            {status && <StatusBadge status={status} />}
          </h1>
          <p className="mt-1 text-sm text-slate-600">Sent through @{campaign.botUsername}</p>
        </div>
        {p && canSend && <CampaignControls campaignId={campaign.id} p={p} onDone={() => void progress.reload()} />}
      </div>
      {progress.error && <p className="text-sm text-red-600" role="alert">Could not read the progress: {progress.error}</p>}
      {p ? <ProgressPanel p={p} pace={pace} /> : <Card><div className="h-40 animate-pulse rounded bg-slate-100" /></Card>}
      {report.error && <p className="text-sm text-red-600" role="alert">Could not read the report: {report.error}</p>}
      {report.data ? <CampaignReport r={report.data} rateLimit={campaign.rateLimit} readAt={status && !FINISHED.includes(status) && report.at ? new Date(report.at).toISOString() : null} /> : <Card title="Report"><div className="h-64 animate-pulse rounded bg-slate-100" /></Card>}
    </div>
  );
}
