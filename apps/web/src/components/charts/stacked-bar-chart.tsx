"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SERIES_COLORS } from "./palette";

export interface StackedPoint {
  label: string;
  [series: string]: number | string;
}

/** Stacked bars per day; values arrive already in display units (USD, tokens...). */
export function StackedBarChart({ data, series, unit = "usd", height = 280 }: { data: StackedPoint[]; series: string[]; unit?: "usd" | "count"; height?: number }) {
  // Sub-cent spend is common (one request costs micro-dollars): show significant digits, not $0.0000.
  const fmt = (v: number) =>
    unit === "usd"
      ? v > 0 && v < 0.01
        ? `$${new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 }).format(v)}`
        : `$${v.toFixed(2)}`
      : new Intl.NumberFormat("en-US", { notation: "compact" }).format(v);
  return (
    <div style={{ height }} role="img" aria-label={`Stacked chart of ${series.join(", ")} by day`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--sb-line)" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "var(--sb-muted)" }} minTickGap={16} />
          <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "var(--sb-muted)" }} tickFormatter={fmt} width={76} />
          <Tooltip
            cursor={{ fill: "var(--sb-subtle)" }}
            contentStyle={{ background: "var(--sb-panel)", border: "1px solid var(--sb-line)", borderRadius: 8, fontSize: 12 }}
            formatter={(v) => fmt(Number(v))}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} iconType="circle" iconSize={8} /> : null}
          {series.map((s, i) => (
            <Bar key={s} dataKey={s} stackId="a" fill={SERIES_COLORS[i % SERIES_COLORS.length]} radius={i === series.length - 1 ? [3, 3, 0, 0] : 0} maxBarSize={28} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
