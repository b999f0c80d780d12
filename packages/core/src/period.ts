/** Calendar windows in UTC; the worker's rollups and budget period keys use UTC too. */
export type PeriodKind = "daily" | "weekly" | "monthly" | "total";

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function startOfUtcMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** ISO week: weeks start on Monday. */
export function startOfUtcWeek(d: Date): Date {
  const day = startOfUtcDay(d);
  const dow = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - dow * 86_400_000);
}

export function periodStart(kind: PeriodKind, now: Date = new Date()): Date {
  switch (kind) {
    case "daily":
      return startOfUtcDay(now);
    case "weekly":
      return startOfUtcWeek(now);
    case "monthly":
      return startOfUtcMonth(now);
    case "total":
      return new Date(0);
  }
}

export function addUtcDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
