import { z } from "zod";

/** URL search params of the usage page and CSV export → a validated filter (UTC days). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export interface UsageSearch {
  from: string;
  to: string;
  key?: string;
  model?: string;
  provider?: string;
}

export function parseUsageSearch(sp: Record<string, string | string[] | undefined>, now = new Date()): UsageSearch {
  const one = (k: string) => (typeof sp[k] === "string" && sp[k] !== "" ? (sp[k] as string) : undefined);
  const today = now.toISOString().slice(0, 10);
  const monthAgo = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  const from = day.safeParse(one("from")).success ? one("from")! : monthAgo;
  const to = day.safeParse(one("to")).success ? one("to")! : today;
  return { from: from <= to ? from : to, to, key: one("key"), model: one("model"), provider: one("provider") };
}

export function toServiceFilter(s: UsageSearch) {
  return { from: new Date(`${s.from}T00:00:00Z`), to: new Date(`${s.to}T00:00:00Z`), apiKeyId: s.key, model: s.model, provider: s.provider };
}

export function toQuery(s: UsageSearch): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v) p.set(k, v);
  return p.toString();
}
