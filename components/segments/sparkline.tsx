"use client";
// A segment's daily size over the last 30 days, as a small line. The sizes are recorded once
// a day, so the last point may differ from the live count next to it: the tooltip and the
// accessible label say which day each figure is from.
import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis, type TooltipContentProps } from "recharts";

type TPoint = { day: string; size: number };

const fmt = (n: number) => n.toLocaleString("en-US");

export function Sparkline({ points }: { points: TPoint[] }) {
  if (points.length < 2) return <span className="text-xs text-slate-400" title="Sizes are recorded once a day">{points.length === 0 ? "no history yet" : "1 day so far"}</span>;
  const [first, last] = [points[0], points[points.length - 1]];
  const label = first && last ? `Daily size: ${fmt(first.size)} on ${first.day}, ${fmt(last.size)} on ${last.day}` : "Daily size";
  return (
    <div className="h-8 w-24 lg:w-32" data-testid="segment-sparkline" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          {/* Above the line and free to leave the chart: the list's card clips what passes its edges. */}
          <Tooltip content={DayTooltip} position={{ y: -24 }} allowEscapeViewBox={{ x: true, y: true }} wrapperStyle={{ zIndex: 10 }} isAnimationActive={false} />
          <Line type="monotone" dataKey="size" stroke="#4f46e5" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function DayTooltip({ active, payload }: TooltipContentProps) {
  const p: TPoint | undefined = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <p className="whitespace-nowrap rounded border border-slate-200 bg-white px-1.5 py-0.5 text-xs text-slate-700 shadow-sm">
      daily size, {p.day}: <span className="font-medium tabular-nums">{fmt(p.size)}</span>
    </p>
  );
}
