"use client";
// The funnel, targeted → sent → failed/blocked → clicked → replied → converted, as bars
// and as a table with each step's share.
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fmt } from "../../wizard/draft";
import type { TFunnel } from "../types";

type TStep = { key: string; label: string; value: number; of: "targeted" | "sent"; color: string; hint: string };

export function funnelSteps(f: TFunnel, conversionEvent: string | null): TStep[] {
  const steps: TStep[] = [
    { key: "targeted", label: "Targeted", value: f.targeted, of: "targeted", color: "#94a3b8", hint: "Recipients frozen at launch (without the control group)" },
    { key: "sent", label: "Sent", value: f.sent, of: "targeted", color: "#10b981", hint: "Accepted by Telegram" },
    { key: "failed", label: "Failed / blocked", value: f.failed + f.blocked, of: "targeted", color: "#ef4444", hint: `${fmt(f.blocked)} had blocked the bot or deleted their account; ${fmt(f.failed)} failed otherwise` },
    { key: "skipped", label: "Skipped", value: f.skipped, of: "targeted", color: "#f59e0b", hint: "Blocked or unsubscribed before their turn, over the frequency cap, or cancelled" },
    { key: "clicked", label: "Clicked", value: f.clicked, of: "sent", color: "#6366f1", hint: "Pressed a button of the message (the first click is the open)" },
    { key: "replied", label: "Replied", value: f.replied, of: "sent", color: "#8b5cf6", hint: "Wrote to the bot within 24 hours" },
  ];
  if (conversionEvent) steps.push({ key: "converted", label: "Converted", value: f.converted, of: "sent", color: "#0ea5e9", hint: `Did “${conversionEvent}” within the window` });
  return steps;
}

const share = (v: number, of: number) => (of > 0 ? `${((v / of) * 100).toFixed(1)}%` : "—");

export function Funnel({ f, conversionEvent }: { f: TFunnel; conversionEvent: string | null }) {
  const steps = funnelSteps(f, conversionEvent);
  // The tooltip follows a pointer that moves over the chart: one resting where the launch
  // button was (the page changed under it) does not cover the funnel.
  const [pointing, setPointing] = useState(false);
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="h-64" data-testid="funnel-chart" onMouseMove={() => setPointing(true)} onMouseLeave={() => setPointing(false)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={steps} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }}>
            <CartesianGrid horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
            <Tooltip active={pointing ? undefined : false} formatter={(v) => [fmt(Number(v)), "users"]} cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]}>
              {steps.map((s) => <Cell key={s.key} fill={s.color} />)}
              <LabelList dataKey="value" position="right" formatter={(v: unknown) => fmt(Number(v))} style={{ fontSize: 12, fill: "#334155" }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="w-full self-start text-left text-sm" data-testid="funnel-table">
        <tbody className="divide-y divide-slate-100">
          {steps.map((s) => (
            <tr key={s.key} title={s.hint}>
              <td className="py-1.5"><span className="mr-2 inline-block size-2.5 rounded-sm" style={{ backgroundColor: s.color }} aria-hidden />{s.label}</td>
              <td className="py-1.5 text-right font-medium tabular-nums" data-testid={`funnel-${s.key}`}>{fmt(s.value)}</td>
              <td className="whitespace-nowrap py-1.5 pl-3 text-right text-xs tabular-nums text-slate-500">{s.key === "targeted" ? "" : `${share(s.value, s.of === "sent" ? f.sent : f.targeted)} of ${s.of}`}</td>
            </tr>
          ))}
          <tr title="Tags added to recipients within the window after the send">
            <td className="py-1.5 text-slate-600">Gained a tag</td>
            <td className="py-1.5 text-right tabular-nums">{fmt(f.tagged)}</td>
            <td className="whitespace-nowrap py-1.5 pl-3 text-right text-xs tabular-nums text-slate-500">{share(f.tagged, f.sent)} of sent</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** One row per stage or variant. */
export function FunnelTable({ rows, conversionEvent, testId }: { rows: { label: string; f: TFunnel }[]; conversionEvent: string | null; testId: string }) {
  const cols: [keyof TFunnel, string][] = [["targeted", "Targeted"], ["sent", "Sent"], ["failed", "Failed"], ["blocked", "Blocked"], ["skipped", "Skipped"], ["clicked", "Clicked"], ["replied", "Replied"]];
  if (conversionEvent) cols.push(["converted", "Converted"]);
  cols.push(["tagged", "Tagged"]);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 font-medium" />
            {cols.map(([k, l]) => <th key={k} className="py-1 text-right font-medium">{l}</th>)}
            <th className="py-1 text-right font-medium">Click rate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {rows.map((r) => (
            <tr key={r.label}>
              <td className="py-1.5 font-medium">{r.label}</td>
              {cols.map(([k]) => <td key={k} className="py-1.5 text-right">{fmt(r.f[k])}</td>)}
              <td className="py-1.5 text-right">{share(r.f.clicked, r.f.sent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
