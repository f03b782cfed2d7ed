"use client";
// The rollout as numbers: the control group and each stage's recipients (the launch uses
// the same planStages), with how long each takes at the campaign's rate.
import type { TRollout } from "@/lib/campaigns/schemas";
import { planStages } from "@/lib/campaigns/stages";
import { fmt, formatDuration } from "./draft";

export function StagePlan({ total, rollout, rate }: { total: number; rollout: TRollout; rate?: number }) {
  const plan = planStages(total, rollout);
  const sent = plan.stages.reduce((a, b) => a + b, 0);
  return (
    <table className="w-full text-left text-sm" data-testid="stage-plan">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1 font-medium">Group</th>
          <th className="py-1 text-right font-medium">Recipients</th>
          {rate && <th className="py-1 text-right font-medium">Takes about</th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {plan.stages.map((n, i) => (
          <tr key={i} data-testid="stage-plan-row">
            <td className="py-1.5">Stage {i + 1}{i === 0 && plan.stages.length > 1 ? " (random sample)" : ""}</td>
            <td className="py-1.5 text-right tabular-nums">{fmt(n)}</td>
            {rate && <td className="py-1.5 text-right tabular-nums text-slate-600">{formatDuration((n * 1.02) / rate)}</td>}
          </tr>
        ))}
        {plan.stages.length === 0 && (
          <tr><td className="py-1.5 text-slate-500" colSpan={3}>Nobody to send to yet.</td></tr>
        )}
        <tr className="text-slate-600">
          <td className="py-1.5">Control group (never sent)</td>
          <td className="py-1.5 text-right tabular-nums" data-testid="control-size">{fmt(plan.control)}</td>
          {rate && <td />}
        </tr>
        <tr className="font-medium">
          <td className="py-1.5">Total sent</td>
          <td className="py-1.5 text-right tabular-nums">{fmt(sent)}</td>
          {rate && <td className="py-1.5 text-right tabular-nums">{formatDuration((sent * 1.02) / rate)}</td>}
        </tr>
      </tbody>
    </table>
  );
}
