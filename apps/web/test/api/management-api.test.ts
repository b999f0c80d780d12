import { createManagementToken } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, makeTenant, startApiHarness, type ApiHarness, type TestTenant } from "./harness";

/**
 * Every /api/v1 route against a real `next start`: happy path, errors (auth, scope, validation,
 * unknown ids), and the cross-tenant matrix: tenant A's management token aimed at tenant B's
 * keys, budgets, logs and usage must see nothing and change nothing.
 */
let h: ApiHarness;
let A: TestTenant;
let B: TestTenant;

beforeAll(async () => {
  h = await startApiHarness();
  A = await makeTenant(h.db, "alpha");
  B = await makeTenant(h.db, "bravo");
}, 600_000);

afterAll(async () => {
  await h?.close();
});

const call = (path: string, token: string, init: RequestInit = {}) => fetch(`${h.url}${path}`, bearer(token, init));
const body = (v: unknown) => ({ body: JSON.stringify(v) });

type Route = { method: string; path: (t: TestTenant) => string; write: boolean; body?: unknown };
const ROUTES: Route[] = [
  { method: "GET", path: () => "/api/v1/keys", write: false },
  { method: "POST", path: () => "/api/v1/keys", write: true, body: { name: "x" } },
  { method: "GET", path: (t) => `/api/v1/keys/${t.keyId}`, write: false },
  { method: "PATCH", path: (t) => `/api/v1/keys/${t.keyId}`, write: true, body: { name: "renamed" } },
  { method: "POST", path: (t) => `/api/v1/keys/${t.keyId}/revoke`, write: true },
  { method: "POST", path: (t) => `/api/v1/keys/${t.keyId}/rotate`, write: true },
  { method: "GET", path: () => "/api/v1/budgets", write: false },
  { method: "POST", path: () => "/api/v1/budgets", write: true, body: { amount_usd: "5" } },
  { method: "PATCH", path: (t) => `/api/v1/budgets/${t.budgetId}`, write: true, body: { amount_usd: "6" } },
  { method: "DELETE", path: (t) => `/api/v1/budgets/${t.budgetId}`, write: true },
  { method: "GET", path: () => "/api/v1/logs", write: false },
  { method: "GET", path: (t) => `/api/v1/logs/${t.requestId}`, write: false },
  { method: "GET", path: () => "/api/v1/usage", write: false },
];
const label = (r: Route) => `${r.method} ${r.path({ keyId: ":id", budgetId: ":id", requestId: ":id" } as TestTenant)}`;

describe("authentication on every route", () => {
  it.each(ROUTES.map((r) => [label(r), r] as const))("%s: 401 without a token, with an unknown one, and with a gateway API key", async (_l, r) => {
    const init = { method: r.method, ...(r.body ? body(r.body) : {}) };
    const none = await fetch(`${h.url}${r.path(A)}`, init);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await call(r.path(A), "sb-mgmt-notarealtoken", init)).status).toBe(401);
    // An API key (gateway credential) is not a management token.
    expect((await call(r.path(A), "sk-sb-0000000000000000000000000000000000000000", init)).status).toBe(401);
  });

  it("401 for a revoked or expired management token", async () => {
    const ctx = { db: h.db, tenantId: A.tenantId, actor: { type: "user" as const, userId: A.userId, role: "owner" as const } };
    const revoked = await createManagementToken({ ctx, input: { name: "to revoke" } });
    expect((await call("/api/v1/keys", revoked.token)).status).toBe(200);
    await h.db.managementToken.update({ where: { id: revoked.managementToken.id }, data: { revokedAt: new Date() } });
    expect((await call("/api/v1/keys", revoked.token)).status).toBe(401);
    const expiring = await createManagementToken({ ctx, input: { name: "to expire" } });
    await h.db.managementToken.update({ where: { id: expiring.managementToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call("/api/v1/keys", expiring.token)).status).toBe(401);
  });

  it.each(ROUTES.filter((r) => r.write).map((r) => [label(r), r] as const))("%s: 403 for a read-only token, nothing changed", async (_l, r) => {
    const before = await h.db.auditLog.count({ where: { tenantId: A.tenantId } });
    const res = await call(r.path(A), A.readToken, { method: r.method, ...(r.body ? body(r.body) : {}) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect(await h.db.auditLog.count({ where: { tenantId: A.tenantId } })).toBe(before);
  });
});

describe("keys", () => {
  let created = "";
  it("creates (secret returned once), lists, reads and updates a key", async () => {
    const res = await call("/api/v1/keys", A.token, { method: "POST", ...body({ name: "api key", rpm_limit: 60, allowed_models: ["gpt-mock"], budget: { amount_usd: "2.50" } }) });
    expect(res.status).toBe(201);
    const k = (await res.json()) as { id: string; key: string; rpm_limit: number; allowed_models: string[]; status: string };
    expect(k.key).toMatch(/^sk-sb-/);
    expect(k).toMatchObject({ rpm_limit: 60, allowed_models: ["gpt-mock"], status: "active" });
    created = k.id;
    const list = (await (await call("/api/v1/keys", A.token)).json()) as { data: Array<{ id: string; key?: string }> };
    expect(list.data.map((x) => x.id)).toEqual(expect.arrayContaining([created, A.keyId]));
    expect(list.data.every((x) => x.key === undefined)).toBe(true);
    const one = (await (await call(`/api/v1/keys/${created}`, A.token)).json()) as { name: string };
    expect(one.name).toBe("api key");
    const patched = await call(`/api/v1/keys/${created}`, A.token, { method: "PATCH", ...body({ name: "renamed", rpm_limit: null, tpm_limit: 5000 }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "renamed", rpm_limit: null, tpm_limit: 5000 });
  });

  it("rotates and revokes it, writing audit rows", async () => {
    const rotated = (await (await call(`/api/v1/keys/${created}/rotate`, A.token, { method: "POST" })).json()) as { key: string };
    expect(rotated.key).toMatch(/^sk-sb-/);
    const revoked = await call(`/api/v1/keys/${created}/revoke`, A.token, { method: "POST" });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: "revoked" });
    const actions = (await h.db.auditLog.findMany({ where: { tenantId: A.tenantId, targetId: created } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["api_key.create", "api_key.update", "api_key.rotate", "api_key.revoke"]));
    expect((await call(`/api/v1/keys/${created}/rotate`, A.token, { method: "POST" })).status).toBeGreaterThanOrEqual(400);
  });

  it("rejects invalid input with the field named", async () => {
    const missing = await call("/api/v1/keys", A.token, { method: "POST", ...body({}) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param?: string } }).error.param).toBe("name");
    const badLimit = await call("/api/v1/keys", A.token, { method: "POST", ...body({ name: "x", rpm_limit: -1 }) });
    expect(badLimit.status).toBe(400);
    const badBudget = await call("/api/v1/keys", A.token, { method: "POST", ...body({ name: "x", budget: { amount_usd: "lots" } }) });
    expect(badBudget.status).toBe(400);
    const notJson = await call("/api/v1/keys", A.token, { method: "POST", body: "{nope" });
    expect(notJson.status).toBe(400);
    expect((await call("/api/v1/keys/nope", A.token)).status).toBe(404);
    expect((await call("/api/v1/keys/nope/revoke", A.token, { method: "POST" })).status).toBe(404);
  });
});

describe("budgets", () => {
  it("creates, lists, updates and deletes a budget", async () => {
    const res = await call("/api/v1/budgets", A.token, { method: "POST", ...body({ amount_usd: "12.34", period: "weekly", enforcement: "hard", alert_thresholds: [90, 50], recipients: ["ops@example.test"] }) });
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; amount: { pico_usd: string; usd: string }; alert_thresholds: number[] };
    expect(b.amount).toEqual({ pico_usd: "12340000000000", usd: "12.34" });
    expect(b.alert_thresholds).toEqual([50, 90]);
    const list = (await (await call("/api/v1/budgets", A.token)).json()) as { data: Array<{ id: string; spent_this_period?: { pico_usd: string } }> };
    expect(list.data.map((x) => x.id)).toContain(b.id);
    const patched = await call(`/api/v1/budgets/${b.id}`, A.token, { method: "PATCH", ...body({ amount_usd: "20", enforcement: "soft" }) });
    expect(await patched.json()).toMatchObject({ enforcement: "soft", amount: { usd: "20" } });
    expect((await call(`/api/v1/budgets/${b.id}`, A.token, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/v1/budgets/${b.id}`, A.token, { method: "DELETE" })).status).toBe(404);
  });

  it("shows spend including this hour's usage (not yet in the daily rollup)", async () => {
    const list = (await (await call("/api/v1/budgets", A.token)).json()) as { data: Array<{ id: string; spent_this_period: { pico_usd: string } }> };
    expect(list.data.find((x) => x.id === A.budgetId)?.spent_this_period.pico_usd).toBe("4700000");
  });

  it("rejects invalid budgets", async () => {
    for (const bad of [{ amount_usd: "0" }, { amount_usd: "-1" }, { amount_usd: "ten" }, { amount_usd: "1", period: "hourly" }, { amount_usd: "1", recipients: ["not-an-email"] }, {}]) {
      expect((await call("/api/v1/budgets", A.token, { method: "POST", ...body(bad) })).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call("/api/v1/budgets", A.token, { method: "POST", ...body({ amount_usd: "1", api_key_id: "nope" }) })).status).toBe(404);
    expect((await call("/api/v1/budgets/nope", A.token, { method: "PATCH", ...body({ amount_usd: "1" }) })).status).toBe(404);
  });
});

describe("logs and usage", () => {
  it("lists and reads request logs", async () => {
    const list = (await (await call("/api/v1/logs", A.token)).json()) as { data: Array<{ request_id: string; cost: { pico_usd: string } }>; next_cursor: string | null };
    expect(list.data.map((l) => l.request_id)).toEqual([A.requestId]);
    expect(list.data[0]!.cost.pico_usd).toBe("4700000");
    const one = await call(`/api/v1/logs/${A.requestId}`, A.token);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ requestId: A.requestId, cost: { pico_usd: "4700000" } });
    expect((await call("/api/v1/logs/req_missing", A.token)).status).toBe(404);
    expect((await call("/api/v1/logs?limit=0", A.token)).status).toBe(400);
    expect((await call("/api/v1/logs?cursor=garbage", A.token)).status).toBe(400);
  });

  it("reports usage by model and day, fresh from the hourly table", async () => {
    const res = (await (await call("/api/v1/usage", A.token)).json()) as { data: Array<{ model: string; requests: string; cost: { pico_usd: string } }> };
    expect(res.data).toHaveLength(1);
    expect(res.data[0]).toMatchObject({ model: "mock/gpt-mock", requests: "3", cost: { pico_usd: "4700000" } });
    expect((await call("/api/v1/usage?from=2025-02-01&to=2025-01-01", A.token)).status).toBe(400);
    expect((await call("/api/v1/usage?from=2020-01-01&to=2025-01-01", A.token)).status).toBe(400);
  });
});

describe("cross-tenant matrix: A's token against B's resources", () => {
  const snapshot = async () => ({
    key: await h.db.apiKey.findUniqueOrThrow({ where: { id: B.keyId } }),
    budget: await h.db.budget.findUniqueOrThrow({ where: { id: B.budgetId } }),
    audit: await h.db.auditLog.count({ where: { tenantId: B.tenantId } }),
  });

  const cases: Array<[string, string, () => string, (() => unknown) | undefined]> = [
    ["read B's key", "GET", () => `/api/v1/keys/${B.keyId}`, undefined],
    ["rename B's key", "PATCH", () => `/api/v1/keys/${B.keyId}`, () => ({ name: "pwned" })],
    ["change B's key limits", "PATCH", () => `/api/v1/keys/${B.keyId}`, () => ({ rpm_limit: 1, allowed_models: ["x"] })],
    ["revoke B's key", "POST", () => `/api/v1/keys/${B.keyId}/revoke`, undefined],
    ["rotate B's key", "POST", () => `/api/v1/keys/${B.keyId}/rotate`, undefined],
    ["update B's budget", "PATCH", () => `/api/v1/budgets/${B.budgetId}`, () => ({ amount_usd: "0.01" })],
    ["delete B's budget", "DELETE", () => `/api/v1/budgets/${B.budgetId}`, undefined],
    ["budget on B's key", "POST", () => "/api/v1/budgets", () => ({ amount_usd: "1", api_key_id: B.keyId })],
    ["read B's request log", "GET", () => `/api/v1/logs/${B.requestId}`, undefined],
  ];
  it.each(cases)("%s → 404, B unchanged", async (_name, method, path, payload) => {
    const before = await snapshot();
    for (const token of [A.token, A.readToken]) {
      const res = await call(path(), token, { method, ...(payload ? body(payload()) : {}) });
      expect([403, 404]).toContain(res.status);
      if (token === A.token) expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain(B.tenantId);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lists never include B's keys, budgets, logs or usage, even when filtered by B's ids", async () => {
    const keys = (await (await call("/api/v1/keys", A.token)).json()) as { data: Array<{ id: string }> };
    expect(keys.data.map((k) => k.id)).not.toContain(B.keyId);
    const budgets = (await (await call("/api/v1/budgets", A.token)).json()) as { data: Array<{ id: string }> };
    expect(budgets.data.map((b) => b.id)).not.toContain(B.budgetId);
    const logs = (await (await call(`/api/v1/logs?api_key_id=${B.keyId}`, A.token)).json()) as { data: unknown[] };
    expect(logs.data).toEqual([]);
    const allLogs = (await (await call("/api/v1/logs", A.token)).json()) as { data: Array<{ request_id: string }> };
    expect(allLogs.data.map((l) => l.request_id)).not.toContain(B.requestId);
    const usage = (await (await call(`/api/v1/usage?api_key_id=${B.keyId}`, A.token)).json()) as { data: unknown[] };
    expect(usage.data).toEqual([]);
  });

  it("a key created with B's tenant id in the body still belongs to A", async () => {
    const res = await call("/api/v1/keys", A.token, { method: "POST", ...body({ name: "smuggled", tenant_id: B.tenantId, tenantId: B.tenantId }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await h.db.apiKey.findUniqueOrThrow({ where: { id } })).tenantId).toBe(A.tenantId);
  });

  it("B's token sees B's data, so the 404s above are about tenancy, not missing rows", async () => {
    expect((await call(`/api/v1/keys/${B.keyId}`, B.token)).status).toBe(200);
    expect((await call(`/api/v1/logs/${B.requestId}`, B.token)).status).toBe(200);
  });
});
