import type { StackedPoint } from "@/components/charts/stacked-bar-chart";

/**
 * Pivots rollup rows (one per day × series) into chart points (one per day, a key per series),
 * filling every day in the range so gaps show as zero instead of being skipped.
 */
export function pivotByDay<R extends { day: string }>(rows: R[], days: string[], seriesOf: (r: R) => string, valueOf: (r: R) => number, maxSeries = 8): { data: StackedPoint[]; series: string[] } {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(seriesOf(r), (totals.get(seriesOf(r)) ?? 0) + valueOf(r));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  const top = new Set(ranked.slice(0, maxSeries));
  const series = ranked.slice(0, maxSeries);
  if (ranked.length > maxSeries) series.push("other");
  const byDay = new Map<string, StackedPoint>();
  for (const d of days) {
    const p: StackedPoint = { label: d.slice(5) };
    for (const s of series) p[s] = 0;
    byDay.set(d, p);
  }
  for (const r of rows) {
    const p = byDay.get(r.day);
    if (!p) continue;
    const s = top.has(seriesOf(r)) ? seriesOf(r) : "other";
    p[s] = (p[s] as number) + valueOf(r);
  }
  return { data: days.map((d) => byDay.get(d)!), series };
}

export function dayRange(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
