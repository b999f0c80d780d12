import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobProducer, usageEventFixture, type JobProducer } from "@switchboard/queue";
import { createTestDatabase, createTestRedis, type TestDatabase } from "@switchboard/testing";
import { createUsageBatcher } from "../ingest/usage-batcher.js";
import { createLogger } from "../log/logger.js";
import { createBudget, createTenant } from "../test-support/fixtures.js";
import { alertEventId, checkTenantBudgets } from "./budget-check.js";
import { crossedThresholds } from "./spend.js";

const DOLLAR = 1_000_000_000_000n;
let db: TestDatabase;
let pool: pg.Pool;
let producer: JobProducer;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  producer = createJobProducer(createTestRedis().url, { prefix: `{t${randomBytes(4).toString("hex")}}` });
});
afterAll(async () => {
  await producer.close();
  await pool.end();
  await db.drop();
});

async function spend(tenantId: string, apiKeyId: string, cents: number, at: Date): Promise<void> {
  const batcher = createUsageBatcher({ pool, maxBatch: 10, maxWaitMs: 1 });
  await batcher.add(
    usageEventFixture(0, { requestId: randomBytes(8).toString("hex"), tenantId, apiKeyId, costPicoUsd: ((BigInt(cents) * DOLLAR) / 100n).toString(), startedAt: at.toISOString() }),
  );
}

describe("budget check", () => {
  it("compares thresholds in integers", () => {
    expect(crossedThresholds(799_999n, 1_000_000n, [50, 80, 100])).toEqual([50]);
    expect(crossedThresholds(800_000n, 1_000_000n, [100, 80, 50, 80])).toEqual([50, 80]);
    expect(crossedThresholds(5n, 0n, [50])).toEqual([]);
  });

  it("scopes key budgets to their key and periods to UTC boundaries", async () => {
    const { tenantId } = await createTenant(pool);
    await pool.query("INSERT INTO api_keys (id, tenant_id, name, key_hash, display_prefix) VALUES ('key_a', $1, 'prod', 'h1', 'sk-sb-a'), ('key_b', $1, 'dev', 'h2', 'sk-sb-b')", [tenantId]);
    const keyBudget = await createBudget(pool, tenantId, { amountPicoUsd: DOLLAR, apiKeyId: "key_a", period: "daily" });
    const tenantBudget = await createBudget(pool, tenantId, { amountPicoUsd: 10n * DOLLAR, period: "daily" });
    const now = new Date("2026-07-15T12:00:00Z");
    await spend(tenantId, "key_a", 60, new Date("2026-07-15T01:00:00Z"));
    await spend(tenantId, "key_b", 500, new Date("2026-07-15T02:00:00Z"));
    // Yesterday's spend does not count toward today's daily budgets.
    await spend(tenantId, "key_a", 900, new Date("2026-07-14T23:59:00Z"));

    const deps = { pool, producer, log: createLogger("warn") };
    const r = await checkTenantBudgets(deps, tenantId, now);
    expect(r.recorded.sort()).toEqual([alertEventId(keyBudget, "2026-07-15", 50), alertEventId(tenantBudget, "2026-07-15", 50)].sort());
    expect(r.enqueued.sort()).toEqual(r.recorded.sort());
    // Checking again records nothing new; the undelivered alerts are re-offered (the job id de-duplicates).
    const again = await checkTenantBudgets(deps, tenantId, now);
    expect(again.recorded).toEqual([]);
    expect(await producer.queue("alert-email").getJobCountByTypes("waiting", "delayed")).toBe(2);
  });
});
