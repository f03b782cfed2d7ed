"use client";
// Where the send stands: one bar over every recipient (sent, failed, skipped, still to
// send in the open stages, waiting for later stages), the current rate, the ETA and
// each stage's numbers.
import { Card } from "../../ui/card";
import { RelativeTime } from "../../ui/time";

import { fmt, formatDuration } from "../wizard/draft";
import type { TProgress } from "./types";

const SEGMENTS = [
  { key: "sent", label: "Sent", className: "bg-emerald-500" },
  { key: "failed", label: "Failed", className: "bg-red-500" },
  { key: "skipped", label: "Skipped", className: "bg-amber-400" },
  { key: "remaining", label: "Sending", className: "bg-brand-500/40" },
  { key: "later", label: "Later stages", className: "bg-slate-200" },
] as const;

export function ProgressPanel({ p, pace }: { p: TProgress; pace: number | null }) {
  const sum = (k: "total" | "sent" | "failed" | "skipped" | "remaining") => p.stages.reduce((a, s) => a + s[k], 0);
  const total = sum("total");
  const values = { sent: sum("sent"), failed: sum("failed"), skipped: sum("skipped"), remaining: p.current.remaining, later: p.stages.filter((s) => s.stage > p.stage).reduce((a, s) => a + s.remaining, 0) };
  const running = p.status === "RUNNING";
  const rate = pace ?? p.ratePerSecond;
  const eta = running && p.current.remaining > 0 ? (rate > 0.2 ? p.current.remaining / rate : p.etaSeconds) : null;
  const done = total > 0 ? Math.round(((values.sent + values.failed + values.skipped) / total) * 100) : 0;
  return (
    <Card title={p.stageCount > 1 ? `Stage ${p.stage} of ${p.stageCount}` : "Progress"} actions={<span className="text-sm tabular-nums text-slate-500">{done}% done</span>}>
      <div
        className="flex h-4 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Campaign progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={values.sent + values.failed + values.skipped}
        data-testid="campaign-progress"
      >
        {SEGMENTS.map((s) => (values[s.key] > 0 ? <div key={s.key} className={`${s.className} transition-[width] duration-700`} style={{ width: `${(values[s.key] / total) * 100}%` }} title={`${s.label}: ${fmt(values[s.key])}`} /> : null))}
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-5">
        <Stat label="Sent" value={fmt(values.sent)} testId="progress-sent" dot="bg-emerald-500" />
        <Stat label="Failed" value={fmt(values.failed)} testId="progress-failed" dot="bg-red-500" />
        <Stat label="Skipped" value={fmt(values.skipped)} testId="progress-skipped" dot="bg-amber-400" />
        <Stat label="Remaining" value={fmt(values.remaining + values.later)} testId="progress-remaining" dot="bg-slate-300" />
        <Stat label="Control group" value={fmt(p.control)} testId="progress-control" />
      </dl>
      {p.unconfirmed > 0 && (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="progress-unconfirmed">
          {fmt(p.unconfirmed)} of the sent {p.unconfirmed === 1 ? "is" : "are"} unconfirmed: a worker stopped while {p.unconfirmed === 1 ? "its request was" : "their requests were"} out, so
          Telegram&apos;s answer was lost. They are never sent again; one whose request was cut off by the stop may not have arrived.
        </p>
      )}
      <div className="mt-4 flex flex-wrap gap-x-6 gap-y-1 border-t border-slate-100 pt-3 text-sm text-slate-600">
        {running && <span>Rate: <strong className="tabular-nums text-slate-900" data-testid="progress-rate">{rate.toFixed(1)} msg/s</strong></span>}
        <span>
          {eta !== null && eta > 0 ? <>{p.stageCount > 1 ? "Stage" : "All"} sent in about <strong className="tabular-nums text-slate-900" data-testid="progress-eta">{formatDuration(eta)}</strong></> : null}
          {p.status === "SCHEDULED" && p.launchedAt && <>Starts <RelativeTime iso={p.launchedAt} /></>}
          {p.status === "STAGE_DONE" && (p.nextStageAt ? <>Stage {p.stage + 1} starts by itself <RelativeTime iso={p.nextStageAt} /></> : <>Stage {p.stage} is sent; stage {p.stage + 1} waits for you.</>)}
          {p.status === "PAUSED" && "Paused: nothing is sent until you resume."}
          {p.status === "COMPLETED" && p.completedAt && <>Completed <RelativeTime iso={p.completedAt} /></>}
          {p.status === "CANCELLED" && p.completedAt && <>Cancelled <RelativeTime iso={p.completedAt} />; recipients not yet sent were skipped.</>}
        </span>
        {p.launchedAt && p.status !== "SCHEDULED" && <span className="ml-auto" data-testid="progress-launched">Launched <RelativeTime iso={p.launchedAt} live /></span>}
      </div>
      {p.stageCount > 1 && (
        <table className="mt-4 w-full text-left text-sm" data-testid="stage-progress">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-1 font-medium">Stage</th><th className="py-1 text-right font-medium">Recipients</th><th className="py-1 text-right font-medium">Sent</th><th className="py-1 text-right font-medium">Failed</th><th className="py-1 text-right font-medium">Skipped</th><th className="py-1 text-right font-medium">Remaining</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {p.stages.map((s) => (
              <tr key={s.stage} className={s.stage > p.stage ? "text-slate-400" : undefined}>
                <td className="py-1.5">{s.stage}{s.stage === p.stage && p.status === "RUNNING" ? " · sending" : s.stage > p.stage ? " · waiting" : ""}</td>
                <td className="py-1.5 text-right">{fmt(s.total)}</td>
                <td className="py-1.5 text-right">{fmt(s.sent)}</td>
                <td className="py-1.5 text-right">{fmt(s.failed)}</td>
                <td className="py-1.5 text-right">{fmt(s.skipped)}</td>
                <td className="py-1.5 text-right">{fmt(s.remaining)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function Stat({ label, value, testId, dot }: { label: string; value: string; testId: string; dot?: string }) {
  return (
    <div>
      <dt className="flex items-center gap-1.5 text-xs text-slate-500">{dot && <span className={`size-2 rounded-full ${dot}`} aria-hidden />}{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>{value}</dd>
    </div>
  );
}
