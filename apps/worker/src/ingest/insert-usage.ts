import type { PoolClient } from "pg";
import type { UsageEvent } from "@switchboard/queue";

/**
 * One statement does it all, so it is atomic without an explicit transaction:
 *  1. unnest the batch (one array parameter per column: a fixed 26-parameter query whatever the batch size),
 *  2. insert request_logs, skipping rows already present (ON CONFLICT DO NOTHING),
 *  3. aggregate ONLY the rows the insert returned, i.e. the newly inserted ones,
 *  4. add those sums to usage_hourly.
 * A duplicate event, a retried job or a batch replayed after a crash inserts nothing in step 2 and
 * therefore adds nothing in step 4: rollups can never double count.
 *
 * The hour bucket is date_trunc in UTC explicitly: the two-argument form would follow the session
 * time zone. Rollup rows are sorted so concurrent batches lock rows in the same order (no deadlocks
 * between worker replicas in the common case; the caller still retries 40P01).
 */
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $24::text[],
    $8::int[], $9::int[], $10::text[], $11::text[], $12::bool[], $13::bool[],
    $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::bool[],
    $20::bigint[], $21::int[], $22::int[], $23::jsonb[], $25::jsonb[], $26::jsonb[]
  ) AS t(request_id, created_at, tenant_id, api_key_id, endpoint, requested_model, served_model, provider,
         attempts, http_status, outcome, error_code, stream, cache_hit,
         prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, tokens_estimated,
         cost_pico_usd, latency_ms, ttft_ms, attempts_detail, request_body, response_body)
),
inserted AS (
  INSERT INTO request_logs (
    request_id, created_at, tenant_id, api_key_id, endpoint, requested_model, served_model, provider,
    attempts, http_status, outcome, error_code, stream, cache_hit,
    prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, tokens_estimated,
    cost_pico_usd, latency_ms, ttft_ms, attempts_detail, request_body, response_body)
  SELECT i.request_id, i.created_at, i.tenant_id, i.api_key_id, i.endpoint, i.requested_model, i.served_model, i.provider,
    i.attempts, i.http_status, i.outcome::"RequestOutcome", i.error_code, i.stream, i.cache_hit,
    i.prompt_tokens, i.completion_tokens, i.cached_tokens, i.cache_write_tokens, i.reasoning_tokens, i.tokens_estimated,
    i.cost_pico_usd, i.latency_ms, i.ttft_ms, i.attempts_detail, i.request_body, i.response_body
  FROM input i
  ON CONFLICT (request_id, created_at) DO NOTHING
  RETURNING tenant_id, created_at, api_key_id, served_model, provider, outcome, cache_hit,
    prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens,
    cost_pico_usd, latency_ms, ttft_ms
),
-- The dashboard's "last used": the newest request per key in this batch (data-modifying CTEs always run).
touched AS (
  UPDATE api_keys k SET last_used_at = m.last_used
  FROM (SELECT api_key_id, max(created_at) AS last_used FROM inserted WHERE api_key_id IS NOT NULL GROUP BY 1 ORDER BY 1) m
  WHERE k.id = m.api_key_id AND (k.last_used_at IS NULL OR k.last_used_at < m.last_used)
  RETURNING 1
),
agg AS (
  SELECT tenant_id, date_trunc('hour', created_at, 'UTC') AS hour,
    coalesce(api_key_id, '') AS api_key_id, coalesce(served_model, '') AS model, coalesce(provider, '') AS provider,
    count(*) AS requests,
    count(*) FILTER (WHERE outcome = 'error') AS errors,
    count(*) FILTER (WHERE cache_hit) AS cache_hits,
    sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
    sum(cached_tokens) AS cached_tokens, sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens, sum(cost_pico_usd) AS cost_pico_usd,
    sum(latency_ms) AS latency_ms_sum, coalesce(sum(ttft_ms), 0) AS ttft_ms_sum
  FROM inserted
  GROUP BY 1, 2, 3, 4, 5
),
upserted AS (
  INSERT INTO usage_hourly AS u (tenant_id, hour, api_key_id, model, provider, requests, errors, cache_hits,
    prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_pico_usd,
    latency_ms_sum, ttft_ms_sum)
  SELECT * FROM agg ORDER BY tenant_id, hour, api_key_id, model, provider
  ON CONFLICT (tenant_id, hour, api_key_id, model, provider) DO UPDATE SET
    requests = u.requests + excluded.requests,
    errors = u.errors + excluded.errors,
    cache_hits = u.cache_hits + excluded.cache_hits,
    prompt_tokens = u.prompt_tokens + excluded.prompt_tokens,
    completion_tokens = u.completion_tokens + excluded.completion_tokens,
    cached_tokens = u.cached_tokens + excluded.cached_tokens,
    cache_write_tokens = u.cache_write_tokens + excluded.cache_write_tokens,
    reasoning_tokens = u.reasoning_tokens + excluded.reasoning_tokens,
    cost_pico_usd = u.cost_pico_usd + excluded.cost_pico_usd,
    latency_ms_sum = u.latency_ms_sum + excluded.latency_ms_sum,
    ttft_ms_sum = u.ttft_ms_sum + excluded.ttft_ms_sum
  RETURNING tenant_id
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted,
       coalesce((SELECT array_agg(DISTINCT tenant_id) FROM upserted), '{}') AS tenants
`;

export interface InsertResult {
  /** Rows newly written to request_logs (duplicates excluded). */
  inserted: number;
  /** Tenants whose rollups changed: the ones to budget-check. */
  tenants: string[];
}

/** Column arrays for the unnest; events must already be de-duplicated by requestId. */
function toColumns(events: readonly UsageEvent[]): unknown[] {
  const cols: unknown[][] = Array.from({ length: 26 }, () => new Array<unknown>(events.length));
  events.forEach((e, i) => {
    const row = [
      e.requestId,
      e.startedAt,
      e.tenantId,
      e.apiKeyId,
      e.endpoint,
      e.requestedModel,
      e.servedModel,
      e.attempts.count,
      e.httpStatus,
      e.outcome,
      e.errorCode,
      e.stream,
      e.cacheHit,
      e.promptTokens,
      e.completionTokens,
      e.cachedTokens,
      e.cacheWriteTokens,
      e.reasoningTokens,
      e.tokensEstimated,
      e.costPicoUsd,
      e.latencyMs,
      e.ttftMs,
      JSON.stringify(e.attempts.detail),
      e.provider,
      // Stored only when the tenant opted in (the gateway sends none otherwise).
      e.requestBody === undefined ? null : JSON.stringify(e.requestBody),
      e.responseBody === undefined ? null : JSON.stringify(e.responseBody),
    ];
    row.forEach((v, c) => {
      (cols[c] as unknown[])[i] = v;
    });
  });
  return cols;
}

export async function insertUsageBatch(client: PoolClient, events: readonly UsageEvent[]): Promise<InsertResult> {
  if (events.length === 0) return { inserted: 0, tenants: [] };
  const res = await client.query<{ inserted: number; tenants: string[] }>(INSERT_SQL, toColumns(events));
  const row = res.rows[0];
  return { inserted: row?.inserted ?? 0, tenants: row?.tenants ?? [] };
}
