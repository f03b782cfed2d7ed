"use client";
// Messages sent per second over the campaign's send.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function RateChart({ points, bucketSeconds, limit }: { points: { at: string; perSecond: number }[]; bucketSeconds: number; limit: number }) {
  if (points.length === 0) return <p className="text-sm text-slate-500">Nothing sent yet.</p>;
  const data = points.map((p) => ({ t: new Date(p.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }), v: Math.round(p.perSecond * 10) / 10 }));
  return (
    <div>
      <div className="h-56" data-testid="rate-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="t" tick={{ fontSize: 11 }} minTickGap={40} />
            <YAxis tick={{ fontSize: 11 }} width={40} allowDecimals={false} domain={[0, (max: number) => Math.ceil(Math.max(max, limit) * 1.1)]} />
            <Tooltip formatter={(v) => [`${v} msg/s`, "rate"]} />
            <ReferenceLine y={limit} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: `limit ${limit}/s`, position: "insideTopRight", fontSize: 11, fill: "#b45309" }} />
            <Line type="linear" dataKey="v" stroke="#4f46e5" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="mt-1 text-xs text-slate-500">{bucketSeconds === 1 ? "Per second." : `Averaged over ${bucketSeconds}-second intervals.`} Gaps are pauses or waits between stages.</p>
    </div>
  );
}
