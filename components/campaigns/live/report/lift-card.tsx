"use client";
// Recipients against the control group: each rate, the absolute lift in percentage points
// and its 95% confidence interval, said in words.
import { Card } from "../../../ui/card";
import { fmt } from "../../wizard/draft";
import type { TFunnel, TLift } from "../types";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const pp = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)} pts`;

function Metric({ title, lift, what }: { title: string; lift: TLift; what: string }) {
  if (!lift) return null;
  const sure = lift.low > 0 || lift.high < 0;
  return (
    <div className="rounded-md border border-slate-200 p-3" data-testid="lift-metric">
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      <div className="mt-1 flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span className="text-2xl font-semibold tabular-nums text-slate-900">{pp(lift.absolute)}</span>
        <span className="text-sm tabular-nums text-slate-600">recipients {pct(lift.sentRate)} · control {pct(lift.controlRate)}</span>
      </div>
      <p className="mt-1 text-xs tabular-nums text-slate-500">95% interval: {pp(lift.low)} to {pp(lift.high)}</p>
      <p className="mt-2 text-sm text-slate-600">
        {pct(lift.sentRate)} of the recipients {what}, against {pct(lift.controlRate)} of the control group who got nothing. The message most
        likely changed this by between {pp(lift.low)} and {pp(lift.high)} (95% confidence).{" "}
        {sure ? (lift.absolute > 0 ? "The whole interval is above zero: the message made a difference." : "The whole interval is below zero: the message lowered it.") : "The interval includes zero, so the difference may be chance; a larger audience or control group narrows it."}
      </p>
    </div>
  );
}

export function LiftCard({ lift, control, conversionEvent, windowHours }: { lift: { reply: TLift; conversion: TLift }; control: TFunnel; conversionEvent: string | null; windowHours: number }) {
  return (
    <Card title="Lift over the control group">
      {control.targeted === 0 ? (
        <p className="text-sm text-slate-600">
          This campaign had no control group, so its effect cannot be separated from what users would have done anyway. Hold out 5–10% in the
          Rollout step of your next campaign to measure lift.
        </p>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            {fmt(control.targeted)} users were held out at random and measured the same way from the launch: {fmt(control.replied)} replied
            {conversionEvent ? `, ${fmt(control.converted)} converted` : ""}.
          </p>
          <div className="grid gap-3 md:grid-cols-2">
            <Metric title="Replies within 24 h" lift={lift.reply} what="replied within 24 hours" />
            {conversionEvent && <Metric title={`Conversion: ${conversionEvent}`} lift={lift.conversion} what={`did “${conversionEvent}” within ${windowHours} h`} />}
          </div>
          {!lift.reply && <p className="text-sm text-slate-500">Lift appears once messages are sent.</p>}
        </div>
      )}
    </Card>
  );
}
