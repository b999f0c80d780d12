/**
 * Budget and spend periods, all in UTC so every replica and the worker agree on boundaries:
 * daily (calendar day), weekly (ISO 8601 week, Monday 00:00 UTC), monthly (calendar month), total.
 * Period keys sort chronologically within a period type and never collide across types:
 * "2026-11-21" (daily), "2026-W47" (weekly), "2026-11" (monthly), "total".
 */
export type BudgetPeriod = "daily" | "weekly" | "monthly" | "total";

export const BUDGET_PERIODS: readonly BudgetPeriod[] = ["daily", "weekly", "monthly", "total"];

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** ISO 8601 week-numbering year and week of a UTC instant. */
export function isoWeek(date: Date): { year: number; week: number } {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  // The Thursday of this week decides which year the week belongs to.
  const thursday = new Date(day + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week };
}

export function computePeriodKey(period: BudgetPeriod, date: Date): string {
  const y = date.getUTCFullYear();
  switch (period) {
    case "daily":
      return `${y}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    case "weekly": {
      const { year, week } = isoWeek(date);
      return `${year}-W${pad(week)}`;
    }
    case "monthly":
      return `${y}-${pad(date.getUTCMonth() + 1)}`;
    case "total":
      return "total";
  }
}

/** Start of the period containing `date`; null for "total". */
export function periodStartAt(period: BudgetPeriod, date: Date): Date | null {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  switch (period) {
    case "daily":
      return new Date(Date.UTC(y, m, d));
    case "weekly": {
      const weekday = (date.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - weekday));
    }
    case "monthly":
      return new Date(Date.UTC(y, m, 1));
    case "total":
      return null;
  }
}

/** The instant the period containing `date` ends and the next begins; null for "total" (never resets). */
export function periodResetAt(period: BudgetPeriod, date: Date): Date | null {
  const start = periodStartAt(period, date);
  if (start === null) return null;
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const d = start.getUTCDate();
  switch (period) {
    case "daily":
      return new Date(Date.UTC(y, m, d + 1));
    case "weekly":
      return new Date(Date.UTC(y, m, d + 7));
    default:
      return new Date(Date.UTC(y, m + 1, 1));
  }
}

/** How long a period's counters stay in Redis after the period ends, so dashboards can show "last period". */
export const PERIOD_RETENTION_MS: Record<Exclude<BudgetPeriod, "total">, number> = {
  daily: 8 * DAY_MS,
  weekly: 35 * DAY_MS,
  monthly: 400 * DAY_MS,
};

/** Absolute expiry (ms) for counters of the period containing `date`; 0 = keep forever. */
export function periodExpireAtMs(period: BudgetPeriod, date: Date): number {
  if (period === "total") return 0;
  const reset = periodResetAt(period, date);
  return reset === null ? 0 : reset.getTime() + PERIOD_RETENTION_MS[period];
}

/** Which period type a key like "2026-W47" belongs to, or null if it is not a period key. */
export function periodOfKey(periodKey: string): BudgetPeriod | null {
  if (periodKey === "total") return "total";
  if (/^\d{4}-\d{2}-\d{2}$/.test(periodKey)) return "daily";
  if (/^\d{4}-W\d{2}$/.test(periodKey)) return "weekly";
  if (/^\d{4}-\d{2}$/.test(periodKey)) return "monthly";
  return null;
}
