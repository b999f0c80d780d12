import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalog, type CatalogModelInput } from "./catalog-sync";
import { createPrismaClient } from "./client";
import type { PrismaClient } from "./generated/prisma/client";
import { migrateDatabase } from "./migrate";
import { DEMO_BUDGET_PICO_USD, seedDemo } from "./seed";
import { createTestDatabase, type TestDatabase } from "./test-database";

const demo = { demoPasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$fake$hash", demoApiKeyHash: "a".repeat(64), demoApiKeyPrefix: "sk-sb-demo…abcd" };

const gpt: CatalogModelInput = {
  id: "openai/gpt-4o-mini",
  provider: "openai",
  kind: "openai-compatible",
  upstreamModel: "gpt-4o-mini",
  aliases: ["gpt-4o-mini"],
  mode: "chat",
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
  capabilities: { tools: true, vision: true, json: true },
  prices: [{ effectiveFrom: "2024-07-18T00:00:00Z", inputPerMtok: 150_000, outputPerMtok: 600_000n, cachedInputPerMtok: "75000" }],
  source: { url: "https://openai.com/api/pricing", retrieved: "2026-11-01" },
};

describe("seedDemo and syncCatalog", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase("sb_seed_test");
    await migrateDatabase(db.url);
    prisma = createPrismaClient(db.url, { poolSize: 2 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("creates the demo tenant, owner, key and $50 monthly soft budget, idempotently", async () => {
    const first = await seedDemo(prisma, demo);
    const second = await seedDemo(prisma, { ...demo, demoPasswordHash: "rotated" });
    expect(second).toEqual(first);

    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: first.tenantId }, include: { memberships: { include: { user: true } }, apiKeys: true, budgets: true } });
    expect(tenant).toMatchObject({ name: "Acme (demo)", status: "active", storeRequestBodies: false });
    expect(tenant.memberships).toHaveLength(1);
    expect(tenant.memberships[0]).toMatchObject({ role: "owner", user: { email: "demo@switchboard.local", passwordHash: "rotated" } });
    expect(tenant.apiKeys).toEqual([expect.objectContaining({ keyHash: demo.demoApiKeyHash, displayPrefix: demo.demoApiKeyPrefix, revokedAt: null })]);
    expect(tenant.budgets).toHaveLength(1);
    expect(tenant.budgets[0]).toMatchObject({ scope: "tenant", period: "monthly", enforcement: "soft", amountPicoUsd: 50_000_000_000_000n, alertThresholds: [50, 80, 100] });
    expect(DEMO_BUDGET_PICO_USD).toBe(50n * 10n ** 12n);
  });

  it("upserts catalog models and prices as exact integers", async () => {
    expect(await syncCatalog(prisma, [gpt])).toEqual({ models: 1, prices: 1 });
    const repriced = { ...gpt, aliases: ["gpt-4o-mini", "mini"], prices: [...gpt.prices, { effectiveFrom: new Date("2026-12-01T00:00:00Z"), inputPerMtok: "9007199254740993", outputPerMtok: 1 }] };
    expect(await syncCatalog(prisma, [repriced])).toEqual({ models: 1, prices: 2 });
    await syncCatalog(prisma, [repriced]);

    const model = await prisma.model.findUniqueOrThrow({ where: { id: gpt.id }, include: { prices: { orderBy: { effectiveFrom: "asc" } } } });
    expect(model).toMatchObject({ aliases: ["gpt-4o-mini", "mini"], contextWindow: 128_000, capabilities: { tools: true, vision: true, json: true }, sourceUrl: gpt.source!.url });
    expect(model.sourceRetrieved?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(model.prices.map((p) => [p.inputPerMtok, p.outputPerMtok, p.cachedInputPerMtok, p.reasoningPerMtok])).toEqual([
      [150_000n, 600_000n, 75_000n, null],
      // beyond Number.MAX_SAFE_INTEGER: survives only because nothing goes through a float
      [9_007_199_254_740_993n, 1n, null, null],
    ]);
  });

  it("rejects fractional prices instead of rounding them", async () => {
    await expect(syncCatalog(prisma, [{ ...gpt, id: "openai/bad", prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 0.15, outputPerMtok: 1 }] }])).rejects.toThrow(
      /inputPerMtok must be an integer/,
    );
    expect(await prisma.model.findUnique({ where: { id: "openai/bad" } })).toBeNull();
  });

  it("stores picodollar BigInts in request logs and rollups with the '' sentinel", async () => {
    const tenantId = (await prisma.tenant.findFirstOrThrow()).id;
    const createdAt = new Date("2026-11-21T10:15:00Z");
    const log = { requestId: "req_1", createdAt, tenantId, endpoint: "/v1/chat/completions", requestedModel: "mini", httpStatus: 200, outcome: "success" as const, latencyMs: 120, costPicoUsd: 123_456_789_012_345n };
    await prisma.requestLog.create({ data: log });
    await expect(prisma.requestLog.create({ data: log })).rejects.toMatchObject({ code: "P2002" });

    const hour = new Date("2026-11-21T10:00:00Z");
    for (let i = 0; i < 2; i++) {
      await prisma.$executeRaw`
        INSERT INTO usage_hourly (tenant_id, hour, requests, cost_pico_usd) VALUES (${tenantId}, ${hour}, 1, ${log.costPicoUsd})
        ON CONFLICT (tenant_id, hour, api_key_id, model, provider)
        DO UPDATE SET requests = usage_hourly.requests + 1, cost_pico_usd = usage_hourly.cost_pico_usd + EXCLUDED.cost_pico_usd`;
    }
    const rows = await prisma.usageHourly.findMany({ where: { tenantId } });
    expect(rows).toEqual([expect.objectContaining({ apiKeyId: "", model: "", requests: 2n, costPicoUsd: 246_913_578_024_690n })]);
  });
});
