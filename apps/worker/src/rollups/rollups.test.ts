import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usageEventFixture } from "@switchboard/queue";
import { createTestDatabase, type TestDatabase } from "@switchboard/testing";
import { createUsageBatcher } from "../ingest/usage-batcher.js";
import { defaultRollupDays, recomputeDailyRollup } from "./daily-rollup.js";
import { deleteExpiredRequestLogs } from "./retention.js";

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const batcher = createUsageBatcher({ pool, maxBatch: 500, maxWaitMs: 5 });
  // 48 events over 2026-06-01 22:00 .. 2026-06-02 21:00 UTC, one per half hour.
  await Promise.all(
    Array.from({ length: 48 }, (_, i) =>
      batcher.add(
        usageEventFixture(i, {
          tenantId: "ten_roll",
          costPicoUsd: "1000",
          startedAt: new Date(Date.UTC(2026, 5, 1, 22) + i * 30 * 60_000).toISOString(),
        }),
      ),
    ),
  );
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

async function daily(): Promise<Record<string, string>> {
  const r = await pool.query<{ day: string; requests: string; cost: string }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(requests)::text AS requests, sum(cost_pico_usd)::text AS cost FROM usage_daily WHERE tenant_id = 'ten_roll' GROUP BY day ORDER BY day",
  );
  return Object.fromEntries(r.rows.map((x) => [x.day, `${x.requests}/${x.cost}`]));
}

describe("daily rollup", () => {
  it("sums UTC days from hourly rows and converges when re-run", async () => {
    await recomputeDailyRollup(pool, "2026-06-01");
    await recomputeDailyRollup(pool, "2026-06-02");
    expect(await daily()).toEqual({ "2026-06-01": "4/4000", "2026-06-02": "44/44000" });
    // Re-running (and running concurrently) gives the same answer, never a doubled one.
    await Promise.all([recomputeDailyRollup(pool, "2026-06-02"), recomputeDailyRollup(pool, "2026-06-02")]);
    expect(await daily()).toEqual({ "2026-06-01": "4/4000", "2026-06-02": "44/44000" });
  });

  it("defaults to yesterday and today in UTC", () => {
    expect(defaultRollupDays(new Date("2026-03-01T00:30:00Z"))).toEqual(["2026-02-28", "2026-03-01"]);
  });
});

describe("retention", () => {
  it("deletes raw logs older than the cutoff in chunks and keeps rollups", async () => {
    const now = new Date("2026-06-12T00:00:00Z"); // cutoff 10 days before: 2026-06-02 00:00
    const deleted = await deleteExpiredRequestLogs(pool, 10, 3, now);
    expect(deleted).toBe(4);
    const left = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM request_logs WHERE tenant_id = 'ten_roll'");
    expect(left.rows[0]?.n).toBe(44);
    const hourly = await pool.query<{ n: string }>("SELECT sum(requests)::text AS n FROM usage_hourly WHERE tenant_id = 'ten_roll'");
    expect(hourly.rows[0]?.n).toBe("48");
  });
});
