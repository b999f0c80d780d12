import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usageEventFixture, type UsageEvent } from "@switchboard/queue";
import { createTestDatabase, type TestDatabase } from "@switchboard/testing";
import { createUsageBatcher } from "./usage-batcher.js";

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const ev = (i: number, o: Partial<UsageEvent> = {}): UsageEvent =>
  usageEventFixture(i, { tenantId: "ten_batch", startedAt: "2026-03-04T10:15:00.000Z", ...o });

/** Hourly sums must always equal a fresh aggregation of the raw rows. */
async function rollupMatchesRaw(tenantId: string): Promise<{ raw: string; rollup: string }> {
  const raw = await pool.query<{ s: string }>(
    `SELECT concat_ws('/', count(*), sum(prompt_tokens), sum(cost_pico_usd), count(*) FILTER (WHERE outcome='error'), count(*) FILTER (WHERE cache_hit)) AS s
     FROM request_logs WHERE tenant_id = $1`,
    [tenantId],
  );
  const rollup = await pool.query<{ s: string }>(
    `SELECT concat_ws('/', sum(requests), sum(prompt_tokens), sum(cost_pico_usd), sum(errors), sum(cache_hits)) AS s
     FROM usage_hourly WHERE tenant_id = $1`,
    [tenantId],
  );
  return { raw: raw.rows[0]?.s ?? "", rollup: rollup.rows[0]?.s ?? "" };
}

describe("usage batcher", () => {
  it("records each key's last use from its newest request", async () => {
    const tenant = await pool.query<{ id: string }>("INSERT INTO tenants (id, name, slug, updated_at) VALUES ('ten_lastuse', 'T', 'ten-lastuse', now()) RETURNING id");
    await pool.query("INSERT INTO api_keys (id, tenant_id, name, key_hash, display_prefix) VALUES ('key_lastuse', $1, 'k', 'hash_lastuse', 'sk-sb-x')", [tenant.rows[0]!.id]);
    const batcher = createUsageBatcher({ pool, maxBatch: 10, maxWaitMs: 5 });
    await Promise.all([
      batcher.add(ev(9101, { tenantId: "ten_lastuse", apiKeyId: "key_lastuse", startedAt: "2026-03-04T10:15:00.000Z" })),
      batcher.add(ev(9102, { tenantId: "ten_lastuse", apiKeyId: "key_lastuse", startedAt: "2026-03-04T11:45:00.000Z" })),
    ]);
    await batcher.drain();
    const row = await pool.query<{ last_used_at: Date }>("SELECT last_used_at FROM api_keys WHERE id = 'key_lastuse'");
    expect(row.rows[0]!.last_used_at.toISOString()).toBe("2026-03-04T11:45:00.000Z");
    // An older event arriving late never moves it back.
    await batcher.add(ev(9103, { tenantId: "ten_lastuse", apiKeyId: "key_lastuse", startedAt: "2026-03-04T09:00:00.000Z" }));
    await batcher.drain();
    const again = await pool.query<{ last_used_at: Date }>("SELECT last_used_at FROM api_keys WHERE id = 'key_lastuse'");
    expect(again.rows[0]!.last_used_at.toISOString()).toBe("2026-03-04T11:45:00.000Z");
  });

  it("stores request and response bodies only when the event carries them (tenant opt-in)", async () => {
    const batcher = createUsageBatcher({ pool, maxBatch: 10, maxWaitMs: 5 });
    await Promise.all([
      batcher.add(ev(9001, { tenantId: "ten_bodies", requestBody: { model: "m", messages: [{ role: "user", content: "hi" }] }, responseBody: { choices: [{ message: { content: "yo" } }] } })),
      batcher.add(ev(9002, { tenantId: "ten_bodies" })),
    ]);
    await batcher.drain();
    const rows = await pool.query<{ request_id: string; request_body: unknown; response_body: unknown }>("SELECT request_id, request_body, response_body FROM request_logs WHERE tenant_id = 'ten_bodies' ORDER BY request_id");
    expect(rows.rows).toEqual([
      { request_id: "req_9001", request_body: { model: "m", messages: [{ role: "user", content: "hi" }] }, response_body: { choices: [{ message: { content: "yo" } }] } },
      { request_id: "req_9002", request_body: null, response_body: null },
    ]);
  });

  it("writes request logs and hourly rollups, and re-sent events change nothing", async () => {
    const batcher = createUsageBatcher({ pool, maxBatch: 50, maxWaitMs: 5 });
    const events = Array.from({ length: 120 }, (_, i) =>
      ev(i, {
        servedModel: i % 2 ? "gpt-4o" : "claude-sonnet-4",
        outcome: i % 10 === 0 ? "error" : "success",
        cacheHit: i % 7 === 0,
        costPicoUsd: String(1_000_000_000_000 + i),
        startedAt: new Date(Date.UTC(2026, 2, 4, 10 + (i % 3), 5)).toISOString(),
      }),
    );
    await Promise.all(events.map((e) => batcher.add(e)));
    // Every event again, plus duplicates inside one batch.
    await Promise.all([...events, ...events.slice(0, 10)].map((e) => batcher.add(e)));
    await batcher.drain();

    const stats = batcher.stats();
    expect(stats.inserted).toBe(120);
    expect(stats.duplicates).toBe(130);
    const { raw, rollup } = await rollupMatchesRaw("ten_batch");
    expect(rollup).toBe(raw);
    expect(raw.split("/")[0]).toBe("120");

    const hours = await pool.query<{ hour: Date; model: string; requests: string }>(
      "SELECT hour, model, requests::text FROM usage_hourly WHERE tenant_id = 'ten_batch' ORDER BY hour, model",
    );
    expect(hours.rows).toHaveLength(6);
    // Buckets are UTC hours whatever the session time zone.
    expect(hours.rows[0]?.hour.toISOString()).toBe("2026-03-04T10:00:00.000Z");
  });

  it("a bad event fails alone; its batch neighbours are written", async () => {
    const batcher = createUsageBatcher({ pool, maxBatch: 10, maxWaitMs: 5 });
    const good = Array.from({ length: 5 }, (_, i) => ev(1000 + i, { tenantId: "ten_bad" }));
    // 2^31 tokens overflows the int column: a data error (22003) from Postgres.
    const bad = ev(2000, { tenantId: "ten_bad", promptTokens: 2 ** 31 });
    const results = await Promise.allSettled([...good, bad].map((e) => batcher.add(e)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const { raw, rollup } = await rollupMatchesRaw("ten_bad");
    expect(raw.split("/")[0]).toBe("5");
    expect(rollup).toBe(raw);
  });
});
