import type { PrismaClient } from "./generated/prisma/client";

export interface SeedDemoOptions {
  /** a password hash made by the caller (the db package does not pick the hashing scheme) */
  demoPasswordHash: string;
  /** sha-256 hex of the demo API key, as the gateway looks it up */
  demoApiKeyHash: string;
  demoApiKeyPrefix: string;
}

export interface SeedDemoResult {
  tenantId: string;
  userId: string;
  apiKeyId: string;
  budgetId: string;
}

export const DEMO_TENANT_SLUG = "acme-demo";
export const DEMO_USER_EMAIL = "demo@switchboard.local";
// $50 in picodollars (1e-12 USD)
export const DEMO_BUDGET_PICO_USD = 50n * 1_000_000_000_000n;

/**
 * Demo tenant "Acme (demo)" with owner demo@switchboard.local, one API key and a $50 monthly soft
 * budget. Idempotent: running it again updates the same rows (the password hash and key are reset
 * to what the caller passes) instead of creating more.
 */
export async function seedDemo(prisma: PrismaClient, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.upsert({
      where: { slug: DEMO_TENANT_SLUG },
      create: { name: "Acme (demo)", slug: DEMO_TENANT_SLUG, billingEmail: DEMO_USER_EMAIL },
      update: {},
    });
    const user = await tx.user.upsert({
      where: { email: DEMO_USER_EMAIL },
      create: { email: DEMO_USER_EMAIL, name: "Demo Owner", passwordHash: opts.demoPasswordHash, emailVerified: new Date() },
      update: { passwordHash: opts.demoPasswordHash, failedLoginCount: 0, lockedUntil: null },
    });
    await tx.membership.upsert({
      where: { userId_tenantId: { userId: user.id, tenantId: tenant.id } },
      create: { userId: user.id, tenantId: tenant.id, role: "owner" },
      update: { role: "owner" },
    });
    const apiKey = await tx.apiKey.upsert({
      where: { keyHash: opts.demoApiKeyHash },
      create: { tenantId: tenant.id, name: "Demo key", keyHash: opts.demoApiKeyHash, displayPrefix: opts.demoApiKeyPrefix, createdById: user.id },
      update: { tenantId: tenant.id, displayPrefix: opts.demoApiKeyPrefix, revokedAt: null },
    });
    const existingBudget = await tx.budget.findFirst({
      where: { tenantId: tenant.id, scope: "tenant", period: "monthly", apiKeyId: null },
      orderBy: { createdAt: "asc" },
    });
    const budget =
      existingBudget ??
      (await tx.budget.create({
        data: {
          tenantId: tenant.id,
          scope: "tenant",
          period: "monthly",
          enforcement: "soft",
          amountPicoUsd: DEMO_BUDGET_PICO_USD,
          alertThresholds: [50, 80, 100],
          recipients: [DEMO_USER_EMAIL],
        },
      }));
    return { tenantId: tenant.id, userId: user.id, apiKeyId: apiKey.id, budgetId: budget.id };
  });
}
