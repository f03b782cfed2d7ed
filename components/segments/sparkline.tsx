"use client";
// A segment's daily size over the last 30 days, as a small line.
import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from "recharts";

export function Sparkline({ points }: { points: { day: string; size: number }[] }) {
  if (points.length < 2) return <span className="text-xs text-slate-400" title="Sizes are recorded once a day">{points.length === 0 ? "no history yet" : "1 day so far"}</span>;
  return (
    <div className="h-8 w-32" data-testid="segment-sparkline">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          <Tooltip
            formatter={(v) => [Number(v).toLocaleString("en-US"), "users"]}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.day ?? "")}
            contentStyle={{ fontSize: 12, padding: "2px 6px" }}
          />
          <Line type="monotone" dataKey="size" stroke="#4f46e5" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
