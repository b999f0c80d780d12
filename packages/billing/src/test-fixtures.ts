import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@switchboard/db";

/** Test-only helpers (imported by *.test.ts files, never by the package entry point). */
export async function createTenant(db: PrismaClient, opts: { stripeCustomerId?: string; billingEmail?: string } = {}): Promise<string> {
  const suffix = randomBytes(5).toString("hex");
  const t = await db.tenant.create({
    data: { name: `Tenant ${suffix}`, slug: `t-${suffix}`, billingEmail: opts.billingEmail ?? `billing-${suffix}@example.test`, stripeCustomerId: opts.stripeCustomerId ?? null },
  });
  return t.id;
}

/** Adds cost to one hourly rollup row, as the worker's ingest would. */
export async function addUsage(db: PrismaClient, tenantId: string, hour: Date, costPicoUsd: bigint): Promise<void> {
  await db.$executeRaw`
    INSERT INTO usage_hourly (tenant_id, hour, api_key_id, model, provider, requests, cost_pico_usd)
    VALUES (${tenantId}, ${hour}, 'key', 'gpt-4o', 'openai', 1, ${costPicoUsd})
    ON CONFLICT (tenant_id, hour, api_key_id, model, provider)
    DO UPDATE SET requests = usage_hourly.requests + 1, cost_pico_usd = usage_hourly.cost_pico_usd + excluded.cost_pico_usd`;
}
