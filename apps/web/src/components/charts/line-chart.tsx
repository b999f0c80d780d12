"use client";
import { CartesianGrid, Legend, Line, LineChart as RLineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SERIES_COLORS } from "./palette";

export interface LinePoint {
  label: string;
  [series: string]: number | string | null;
}

export function LineChart({ data, series, format = "count", height = 220 }: { data: LinePoint[]; series: string[]; format?: "count" | "percent" | "ms"; height?: number }) {
  const fmt = (v: number) => (format === "percent" ? `${v.toFixed(1)}%` : format === "ms" ? `${Math.round(v)} ms` : new Intl.NumberFormat("en-US", { notation: "compact" }).format(v));
  return (
    <div style={{ height }} role="img" aria-label={`Line chart of ${series.join(", ")} by day`}>
      <ResponsiveContainer width="100%" height="100%">
        <RLineChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--sb-line)" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "var(--sb-muted)" }} minTickGap={16} />
          <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "var(--sb-muted)" }} tickFormatter={fmt} width={56} />
          <Tooltip contentStyle={{ background: "var(--sb-panel)", border: "1px solid var(--sb-line)", borderRadius: 8, fontSize: 12 }} formatter={(v) => fmt(Number(v))} />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} iconType="circle" iconSize={8} /> : null}
          {series.map((s, i) => (
            <Line
              key={s}
              type="monotone"
              dataKey={s}
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={2}
              // A series with a single value (one active day) has no segment to draw: show its point.
              dot={data.filter((d) => d[s] !== null && d[s] !== undefined).length <= 1 ? { r: 3 } : false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </RLineChart>
      </ResponsiveContainer>
    </div>
  );
}
