import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { generateApiKey, parseKeyring, type Keyring } from "@switchboard/keys";
import { createTestDatabase, type TestDatabase } from "@switchboard/testing";
import type { ServiceContext } from "../context.js";
import type { Role } from "../permissions.js";
import { createTenantTx } from "../tenant/tenant.js";

/** Test-only: a real, freshly migrated database per test file, and tenant/user factories. */
export interface Harness {
  db: PrismaClient;
  database: TestDatabase;
  keyring: Keyring;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const database = await createTestDatabase();
  const db = createPrismaClient(database.url, { poolSize: 4, idleTimeoutMillis: 1000 });
  const keyring = parseKeyring(`1:${Buffer.alloc(32, 7).toString("base64")}`);
  return {
    db,
    database,
    keyring,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

let seq = 0;

export async function makeUser(db: PrismaClient, label: string) {
  seq += 1;
  return db.user.create({ data: { email: `${label}-${seq}-${Date.now()}@example.test`, name: label, emailVerified: new Date() } });
}

/** A tenant owned by a new user, plus one extra member per requested role. */
export async function makeTenant(db: PrismaClient, label: string) {
  const owner = await makeUser(db, `${label}-owner`);
  const { tenant } = await db.$transaction((tx) => createTenantTx(tx, { name: `${label} workspace`, userId: owner.id }));
  const users: Record<Role, string> = { owner: owner.id, admin: "", member: "", viewer: "" };
  for (const role of ["admin", "member", "viewer"] as const) {
    const u = await makeUser(db, `${label}-${role}`);
    await db.membership.create({ data: { tenantId: tenant.id, userId: u.id, role } });
    users[role] = u.id;
  }
  return { tenant, users };
}

export function ctxFor(h: Harness, tenantId: string, userId: string, role: Role, extra: Partial<ServiceContext> = {}): ServiceContext {
  return { db: h.db, tenantId, actor: { type: "user", userId, role }, keyring: h.keyring, ...extra };
}

/** Rows of every tenant-owned kind, written directly, so the isolation tests have something to find. */
export async function seedTenantData(db: PrismaClient, tenantId: string, userId: string) {
  const secret = generateApiKey();
  const key = await db.apiKey.create({ data: { tenantId, name: "seed key", keyHash: secret.hash, displayPrefix: secret.displayPrefix, createdById: userId } });
  const budget = await db.budget.create({ data: { tenantId, scope: "tenant", amountPicoUsd: 10n ** 13n } });
  const keyBudget = await db.budget.create({ data: { tenantId, scope: "key", apiKeyId: key.id, amountPicoUsd: 10n ** 12n } });
  const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
  // Both usage sources: an older day from the daily rollup, and this hour from the hourly table.
  const usage = { tenantId, apiKeyId: key.id, model: "openai/gpt-4o-mini", provider: "openai", requests: 5n, errors: 1n, promptTokens: 50n, completionTokens: 25n, latencyMsSum: 500n };
  await db.usageDaily.create({ data: { ...usage, day: new Date(today.getTime() - 3 * 86_400_000), costPicoUsd: 100_000_000n } });
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  await db.usageHourly.create({ data: { ...usage, hour, errors: 0n, costPicoUsd: 23_000_000n } });
  const requestId = `req_${tenantId}`;
  await db.requestLog.create({
    data: { requestId, createdAt: new Date(), tenantId, apiKeyId: key.id, endpoint: "/v1/chat/completions", requestedModel: "gpt-4o-mini", servedModel: "openai/gpt-4o-mini", provider: "openai", httpStatus: 200, outcome: "success", latencyMs: 100, costPicoUsd: 1000n },
  });
  const credential = await db.providerCredential.create({ data: { tenantId, provider: "openai", kind: "api_key", name: "seed cred", encryptedSecret: Buffer.from("x") } });
  const route = await db.routingPolicy.create({ data: { tenantId, name: "seed-route", targets: [{ model: "openai/gpt-4o-mini" }] } });
  const token = await db.managementToken.create({ data: { tenantId, name: "seed token", tokenHash: `h_${tenantId}`, displayPrefix: "sb-mgmt-xx" } });
  const invitation = await db.invitation.create({ data: { tenantId, email: "invitee@example.test", tokenHash: `i_${tenantId}`, expiresAt: new Date(Date.now() + 3600_000) } });
  const membership = await db.membership.findFirstOrThrow({ where: { tenantId, role: "member" } });
  await db.alertEvent.create({ data: { budgetId: budget.id, periodKey: "total", threshold: 50, spendPicoUsd: 1n } });
  return { key, budget, keyBudget, requestId, credential, route, token, invitation, membership };
}
