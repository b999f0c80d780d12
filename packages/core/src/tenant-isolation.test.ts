import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeMemberRole,
  createBudget,
  createRoute,
  deleteBudget,
  deleteProviderCredential,
  deleteRoute,
  getApiKey,
  getRequestLog,
  listAlertEvents,
  listApiKeys,
  listAuditLogs,
  listBudgets,
  listManagementTokens,
  listMembers,
  listProviderCredentials,
  listRequestLogs,
  listRoutes,
  removeMember,
  revokeApiKey,
  revokeInvitation,
  revokeManagementToken,
  rotateApiKey,
  spendByModel,
  updateApiKey,
  updateBudget,
  updateRoute,
  usageByModelDay,
  usageTotals,
  type ServiceContext,
} from "./index.js";
import { ctxFor, makeTenant, openHarness, seedTenantData, type Harness } from "./testutil/fixtures.js";

/**
 * The cross-tenant matrix: an owner of tenant A, holding every permission, aims every service
 * at tenant B's rows. Each must act as if B's rows do not exist, and B's rows must be unchanged.
 */
let h: Harness;
let a: ServiceContext;
let bData: Awaited<ReturnType<typeof seedTenantData>>;
let bTenantId: string;

beforeAll(async () => {
  h = await openHarness();
  const A = await makeTenant(h.db, "a");
  const B = await makeTenant(h.db, "b");
  await seedTenantData(h.db, A.tenant.id, A.users.owner);
  bData = await seedTenantData(h.db, B.tenant.id, B.users.owner);
  bTenantId = B.tenant.id;
  a = ctxFor(h, A.tenant.id, A.users.owner, "owner");
});

afterAll(async () => {
  await h?.close();
});

const range = () => ({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date(Date.now() + 86_400_000) });

describe("tenant A cannot change tenant B", () => {
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["revoke key", () => revokeApiKey({ ctx: a, input: { id: bData.key.id } })],
    ["rotate key", () => rotateApiKey({ ctx: a, input: { id: bData.key.id } })],
    ["update key", () => updateApiKey({ ctx: a, input: { id: bData.key.id, name: "pwned" } })],
    ["read key", () => getApiKey({ ctx: a, input: { id: bData.key.id } })],
    ["update budget", () => updateBudget({ ctx: a, input: { id: bData.budget.id, amountPicoUsd: 1n } })],
    ["delete budget", () => deleteBudget({ ctx: a, input: { id: bData.budget.id } })],
    ["budget on B's key", () => createBudget({ ctx: a, input: { scope: "key", apiKeyId: bData.key.id, amountPicoUsd: 1n } })],
    ["delete credential", () => deleteProviderCredential({ ctx: a, input: { id: bData.credential.id } })],
    ["update route", () => updateRoute({ ctx: a, input: { id: bData.route.id, enabled: false } })],
    ["delete route", () => deleteRoute({ ctx: a, input: { id: bData.route.id } })],
    ["route using B's credential", () => createRoute({ ctx: a, input: { name: "steal", targets: [{ model: "x", credentialId: bData.credential.id }] } })],
    ["revoke token", () => revokeManagementToken({ ctx: a, input: { id: bData.token.id } })],
    ["change B member role", () => changeMemberRole({ ctx: a, input: { membershipId: bData.membership.id, role: "admin" } })],
    ["remove B member", () => removeMember({ ctx: a, input: { membershipId: bData.membership.id } })],
    ["revoke B invitation", () => revokeInvitation({ ctx: a, input: { id: bData.invitation.id } })],
    ["read B request log", () => getRequestLog({ ctx: a, input: { requestId: bData.requestId } })],
  ];
  it.each(cases)("%s → not_found or invalid", async (_name, run) => {
    await expect(run()).rejects.toMatchObject({ name: "ServiceError", code: expect.stringMatching(/^(not_found|invalid)$/) });
  });

  it("left every B row untouched", async () => {
    const key = await h.db.apiKey.findUniqueOrThrow({ where: { id: bData.key.id } });
    expect(key.revokedAt).toBeNull();
    expect(key.name).toBe("seed key");
    expect(key.keyHash).toBe(bData.key.keyHash);
    expect((await h.db.budget.findUniqueOrThrow({ where: { id: bData.budget.id } })).amountPicoUsd).toBe(bData.budget.amountPicoUsd);
    expect(await h.db.providerCredential.count({ where: { id: bData.credential.id } })).toBe(1);
    expect((await h.db.routingPolicy.findUniqueOrThrow({ where: { id: bData.route.id } })).enabled).toBe(true);
    expect((await h.db.managementToken.findUniqueOrThrow({ where: { id: bData.token.id } })).revokedAt).toBeNull();
    expect((await h.db.membership.findUniqueOrThrow({ where: { id: bData.membership.id } })).role).toBe("member");
    expect((await h.db.invitation.findUniqueOrThrow({ where: { id: bData.invitation.id } })).revokedAt).toBeNull();
    expect(await h.db.budget.count({ where: { tenantId: a.tenantId, apiKeyId: bData.key.id } })).toBe(0);
  });
});

describe("tenant A never reads tenant B", () => {
  it("lists contain only A's rows", async () => {
    const keys = await listApiKeys({ ctx: a, input: {} });
    expect(keys.map((k) => k.id)).not.toContain(bData.key.id);
    expect(keys).toHaveLength(1);
    const budgets = await listBudgets({ ctx: a, input: undefined });
    expect(budgets.map((b) => b.id)).not.toContain(bData.budget.id);
    const alerts = await listAlertEvents({ ctx: a, input: {} });
    expect(alerts.every((e) => e.budget.id !== bData.budget.id)).toBe(true);
    expect((await listProviderCredentials({ ctx: a, input: undefined })).map((c) => c.id)).not.toContain(bData.credential.id);
    expect((await listRoutes({ ctx: a, input: undefined })).map((r) => r.id)).not.toContain(bData.route.id);
    expect((await listManagementTokens({ ctx: a, input: undefined })).map((t) => t.id)).not.toContain(bData.token.id);
    const members = await listMembers({ ctx: a, input: undefined });
    expect(members.members.map((m) => m.id)).not.toContain(bData.membership.id);
    expect(members.invitations.map((i) => i.id)).not.toContain(bData.invitation.id);
  });

  it("the audit log holds only A's rows", async () => {
    await h.db.auditLog.create({ data: { tenantId: bTenantId, actorType: "user", action: "api_key.revoke", targetType: "api_key", targetId: bData.key.id } });
    const page = await listAuditLogs({ ctx: a, input: { limit: 200 } });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.targetId !== bData.key.id)).toBe(true);
    const rows = await h.db.auditLog.findMany({ where: { id: { in: page.items.map((i) => i.id) } }, select: { tenantId: true } });
    expect(rows.every((r) => r.tenantId === a.tenantId)).toBe(true);
  });

  it("logs and usage filtered by B's key return nothing", async () => {
    const logs = await listRequestLogs({ ctx: a, input: { apiKeyId: bData.key.id } });
    expect(logs.items).toHaveLength(0);
    const all = await listRequestLogs({ ctx: a, input: {} });
    expect(all.items.map((l) => l.requestId)).not.toContain(bData.requestId);
    expect(await usageByModelDay({ ctx: a, input: { ...range(), apiKeyId: bData.key.id } })).toHaveLength(0);
    const totals = await usageTotals({ ctx: a, input: range() });
    expect(totals.requests).toBe(10n); // A's own seed only, not A + B
    const byModel = await spendByModel({ ctx: a, input: range() });
    expect(byModel.reduce((s, r) => s + r.costPicoUsd, 0n)).toBe(123_000_000n);
  });

  it("B's tenant id is only reachable through B's context", async () => {
    const b = ctxFor(h, bTenantId, bData.key.createdById!, "owner");
    expect((await listApiKeys({ ctx: b, input: {} })).map((k) => k.id)).toEqual([bData.key.id]);
  });
});
