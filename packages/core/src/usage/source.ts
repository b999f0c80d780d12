import { Prisma } from "@switchboard/db";
import type { Db, Tx } from "../context.js";
import { addUtcDays, isoDay, startOfUtcDay } from "../period.js";

/**
 * Where usage figures come from. The worker writes `usage_hourly` as events are ingested
 * (seconds behind the gateway), while `usage_daily` is a rollup recomputed at :05 every hour.
 * Reading only the daily table would hide up to an hour of spend, so days before the cutover
 * (start of yesterday, UTC: the rollup re-covers yesterday until 00:05) come from `usage_daily`
 * and everything after it from `usage_hourly`, bucketed to its UTC day. The two never overlap.
 */
export function usageCutover(now = new Date()): Date {
  return addUtcDays(startOfUtcDay(now), -1);
}

export interface UsageScope {
  tenantId: string;
  /** Inclusive UTC day start. */
  from: Date;
  /** Exclusive instant; usually the day after the last wanted day. */
  toExclusive: Date;
  apiKeyIds?: string[];
  model?: string;
  provider?: string;
}

const COLUMNS = Prisma.raw(
  "requests, errors, cache_hits, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_pico_usd, latency_ms_sum, ttft_ms_sum",
);

function filters(s: UsageScope): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (s.apiKeyIds) parts.push(s.apiKeyIds.length ? Prisma.sql`AND api_key_id IN (${Prisma.join(s.apiKeyIds)})` : Prisma.sql`AND FALSE`);
  if (s.model !== undefined) parts.push(Prisma.sql`AND model = ${s.model}`);
  if (s.provider !== undefined) parts.push(Prisma.sql`AND provider = ${s.provider}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * A subquery of usage rows (`day`, `api_key_id`, `model`, `provider` + the summable columns),
 * always filtered by tenant id first.
 */
export function usageRowsSql(s: UsageScope, now = new Date()): Prisma.Sql {
  const cut = usageCutover(now);
  const dailyTo = s.toExclusive < cut ? s.toExclusive : cut;
  const hourlyFrom = s.from > cut ? s.from : cut;
  const f = filters(s);
  return Prisma.sql`(
    SELECT day::date AS day, api_key_id, model, provider, ${COLUMNS}
      FROM usage_daily
     WHERE tenant_id = ${s.tenantId} AND day >= ${isoDay(s.from)}::date AND day < ${isoDay(dailyTo)}::date ${f}
    UNION ALL
    SELECT (hour AT TIME ZONE 'UTC')::date AS day, api_key_id, model, provider, ${COLUMNS}
      FROM usage_hourly
     WHERE tenant_id = ${s.tenantId} AND hour >= ${hourlyFrom} AND hour < ${s.toExclusive} ${f}
  ) u`;
}

/** `sum(col)::bigint AS alias` for every summable column, so rows come back as BigInt. */
export const SUMS = Prisma.raw(
  [
    ["requests", "requests"],
    ["errors", "errors"],
    ["cache_hits", "cacheHits"],
    ["prompt_tokens", "promptTokens"],
    ["completion_tokens", "completionTokens"],
    ["cached_tokens", "cachedTokens"],
    ["reasoning_tokens", "reasoningTokens"],
    ["cost_pico_usd", "costPicoUsd"],
    ["latency_ms_sum", "latencyMsSum"],
    ["ttft_ms_sum", "ttftMsSum"],
  ]
    .map(([col, alias]) => `COALESCE(SUM(${col}), 0)::bigint AS "${alias}"`)
    .join(", "),
);

export async function queryUsage<T>(db: Db | Tx, sql: Prisma.Sql): Promise<T[]> {
  return db.$queryRaw<T[]>(sql);
}
