/** Display helpers safe for server and client components (no server-only imports). */
const dateFmt = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTimeFmt = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: "UTC" });

export function fmtDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return dateFmt.format(new Date(d));
}

export function fmtDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return `${dateTimeFmt.format(new Date(d))} UTC`;
}

export function fmtRelative(d: Date | string | null | undefined, now: number = Date.now()): string {
  if (!d) return "Never";
  const s = Math.round((now - new Date(d).getTime()) / 1000);
  if (s < 0) return fmtDate(d);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  if (s < 30 * 86400) return `${Math.floor(s / 86400)}d ago`;
  return fmtDate(d);
}

export function fmtInt(n: bigint | number): string {
  return typeof n === "bigint" ? n.toLocaleString("en-US") : Math.round(n).toLocaleString("en-US");
}

/** 1.2K / 3.4M style for token counts in tight spaces. */
export function fmtCompact(n: bigint | number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(typeof n === "bigint" ? Number(n) : n);
}

export function fmtPercent(part: bigint, whole: bigint, digits = 1): string {
  if (whole === 0n) return "—";
  const scaled = (part * 10n ** BigInt(digits + 2)) / whole;
  const s = scaled.toString().padStart(digits + 1, "0");
  return `${s.slice(0, -digits) || "0"}.${s.slice(-digits)}%`;
}

/** Picodollars → USD as a float, only for chart geometry, never for a displayed amount. */
export function picoToChartUsd(pico: bigint): number {
  return Number(pico / 1_000_000n) / 1_000_000;
}
