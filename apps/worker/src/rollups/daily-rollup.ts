import type { Pool } from "pg";

const COLUMNS = `requests, errors, cache_hits, prompt_tokens, completion_tokens, cached_tokens,
  cache_write_tokens, reasoning_tokens, cost_pico_usd, latency_ms_sum, ttft_ms_sum`;
const SUMS = COLUMNS.split(",")
  .map((c) => `sum(${c.trim()})`)
  .join(", ");

/**
 * Recomputes usage_daily for one UTC day from usage_hourly: delete the day, re-insert its sums, in
 * one transaction. A recompute rather than an increment, so running it twice, or after late events
 * landed in an hour of that day, always converges on the hourly truth.
 */
export async function recomputeDailyRollup(pool: Pool, day: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Two recomputes of the same day must not interleave their delete and insert.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('usage_daily:' || $1))", [day]);
    await client.query("DELETE FROM usage_daily WHERE day = $1::date", [day]);
    const res = await client.query(
      `INSERT INTO usage_daily (tenant_id, day, api_key_id, model, provider, ${COLUMNS})
       SELECT tenant_id, $1::date, api_key_id, model, provider, ${SUMS}
       FROM usage_hourly
       WHERE hour >= ($1::date)::timestamp AT TIME ZONE 'UTC'
         AND hour < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
       GROUP BY tenant_id, api_key_id, model, provider`,
      [day],
    );
    await client.query("COMMIT");
    return res.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Yesterday and today (UTC): the days an hourly run may still change. */
export function defaultRollupDays(now: Date = new Date()): string[] {
  const today = now.toISOString().slice(0, 10);
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  return [yesterday, today];
}
