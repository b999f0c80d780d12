import { randomBytes } from "node:crypto";
import type { Pool } from "pg";

const id = (p: string): string => `${p}_${randomBytes(6).toString("hex")}`;

export interface TenantFixture {
  tenantId: string;
  slug: string;
  ownerEmail: string;
}

/** A tenant with one owner (and optionally a billing email and a Stripe customer), written with plain SQL. */
export async function createTenant(
  pool: Pool,
  opts: { billingEmail?: string | null; stripeCustomerId?: string | null; name?: string } = {},
): Promise<TenantFixture> {
  const tenantId = id("ten");
  const slug = tenantId.replace("_", "-");
  const ownerEmail = `owner-${tenantId}@example.test`;
  const userId = id("usr");
  await pool.query(
    `INSERT INTO tenants (id, name, slug, billing_email, stripe_customer_id, updated_at) VALUES ($1, $2, $3, $4, $5, now())`,
    [tenantId, opts.name ?? `Acme ${tenantId}`, slug, opts.billingEmail ?? null, opts.stripeCustomerId ?? null],
  );
  await pool.query(`INSERT INTO users (id, email, updated_at) VALUES ($1, $2, now())`, [userId, ownerEmail]);
  // A member who is not an owner must not receive budget alerts.
  const memberId = id("usr");
  await pool.query(`INSERT INTO users (id, email, updated_at) VALUES ($1, $2, now())`, [memberId, `member-${tenantId}@example.test`]);
  await pool.query(`INSERT INTO memberships (id, user_id, tenant_id, role) VALUES ($1, $2, $3, 'owner'), ($4, $5, $3, 'member')`, [
    id("mem"),
    userId,
    tenantId,
    id("mem"),
    memberId,
  ]);
  return { tenantId, slug, ownerEmail };
}

export async function createBudget(
  pool: Pool,
  tenantId: string,
  opts: { amountPicoUsd: bigint; period?: string; thresholds?: number[]; recipients?: string[]; apiKeyId?: string },
): Promise<string> {
  const budgetId = id("bud");
  await pool.query(
    `INSERT INTO budgets (id, tenant_id, api_key_id, scope, amount_pico_usd, period, alert_thresholds, recipients, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      budgetId,
      tenantId,
      opts.apiKeyId ?? null,
      opts.apiKeyId ? "key" : "tenant",
      opts.amountPicoUsd.toString(),
      opts.period ?? "monthly",
      opts.thresholds ?? [50, 80, 100],
      opts.recipients ?? [],
    ],
  );
  return budgetId;
}
