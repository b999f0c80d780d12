import { Redis } from "ioredis";
import { createTestRedis } from "@switchboard/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY_INVALIDATE_CHANNEL,
  TENANT_INVALIDATE_CHANNEL,
  changeMemberRole,
  createApiKey,
  createBudget,
  createManagementToken,
  createProviderCredential,
  createRoute,
  deleteTenant,
  inviteMember,
  listApiKeys,
  listAuditLogs,
  listRequestLogs,
  removeMember,
  renameTenant,
  revokeApiKey,
  setStoreRequestBodies,
  rotateApiKey,
  usageTotals,
  type Role,
  type ServiceContext,
} from "./index.js";
import { ctxFor, makeTenant, openHarness, type Harness } from "./testutil/fixtures.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
const ctx = (role: Role, extra: Partial<ServiceContext> = {}) => ctxFor(h, t.tenant.id, t.users[role], role, extra);

beforeAll(async () => {
  h = await openHarness();
  t = await makeTenant(h.db, "roles");
});
afterAll(async () => {
  await h?.close();
});

type Outcome = "ok" | "forbidden";
const range = { from: new Date(Date.now() - 86_400_000), to: new Date() };

/** Expected outcome per role, in the order owner, admin, member, viewer. */
const matrix: Array<[string, [Outcome, Outcome, Outcome, Outcome], (c: ServiceContext) => Promise<unknown>]> = [
  ["list keys", ["ok", "ok", "ok", "ok"], (c) => listApiKeys({ ctx: c, input: {} })],
  ["read usage", ["ok", "ok", "ok", "ok"], (c) => usageTotals({ ctx: c, input: range })],
  ["read logs", ["ok", "ok", "ok", "ok"], (c) => listRequestLogs({ ctx: c, input: {} })],
  ["read audit log", ["ok", "ok", "forbidden", "forbidden"], (c) => listAuditLogs({ ctx: c, input: {} })],
  ["create key", ["ok", "ok", "ok", "forbidden"], (c) => createApiKey({ ctx: c, input: { name: `k-${c.actor.role}` } })],
  ["create budget", ["ok", "ok", "forbidden", "forbidden"], (c) => createBudget({ ctx: c, input: { amountPicoUsd: 5n } })],
  ["invite member", ["ok", "ok", "forbidden", "forbidden"], (c) => inviteMember({ ctx: c, input: { email: `x-${c.actor.role}@example.test`, role: "viewer" } })],
  ["invite owner", ["ok", "forbidden", "forbidden", "forbidden"], (c) => inviteMember({ ctx: c, input: { email: `o-${c.actor.role}@example.test`, role: "owner" } })],
  ["create management token", ["ok", "ok", "forbidden", "forbidden"], (c) => createManagementToken({ ctx: c, input: { name: "t" } })],
  ["create credential", ["ok", "ok", "forbidden", "forbidden"], (c) => createProviderCredential({ ctx: c, input: { provider: "openai", name: `c-${c.actor.role}`, secret: "sk-test-123456789" } })],
  ["create route", ["ok", "ok", "forbidden", "forbidden"], (c) => createRoute({ ctx: c, input: { name: `r-${c.actor.role}`, targets: [{ model: "openai/gpt-4o-mini" }] } })],
  ["rename tenant", ["ok", "ok", "forbidden", "forbidden"], (c) => renameTenant({ ctx: c, input: { name: `Renamed by ${c.actor.role}` } })],
  ["opt in to storing bodies", ["ok", "ok", "forbidden", "forbidden"], (c) => setStoreRequestBodies({ ctx: c, input: { enabled: c.actor.role === "owner" } })],
];

describe("role matrix", () => {
  const roles: Role[] = ["owner", "admin", "member", "viewer"];
  for (const [name, expected, run] of matrix) {
    roles.forEach((role, i) => {
      it(`${role} → ${name}: ${expected[i]}`, async () => {
        const p = run(ctx(role));
        if (expected[i] === "ok") await expect(p).resolves.toBeDefined();
        else await expect(p).rejects.toMatchObject({ code: "forbidden" });
      });
    });
  }

  it("members may revoke and rotate their own keys but not others'", async () => {
    const own = await createApiKey({ ctx: ctx("member"), input: { name: "mine" } });
    const admins = await createApiKey({ ctx: ctx("admin"), input: { name: "admin's" } });
    await expect(rotateApiKey({ ctx: ctx("member"), input: { id: own.apiKey.id } })).resolves.toBeDefined();
    await expect(revokeApiKey({ ctx: ctx("member"), input: { id: admins.apiKey.id } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeApiKey({ ctx: ctx("viewer"), input: { id: own.apiKey.id } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeApiKey({ ctx: ctx("member"), input: { id: own.apiKey.id } })).resolves.toMatchObject({ status: "revoked" });
  });

  it("only owners delete the workspace, and admins cannot touch owners", async () => {
    await expect(deleteTenant({ ctx: ctx("admin"), input: { confirmName: "x" } })).rejects.toMatchObject({ code: "forbidden" });
    const ownerMembership = await h.db.membership.findFirstOrThrow({ where: { tenantId: t.tenant.id, role: "owner" } });
    await expect(changeMemberRole({ ctx: ctx("admin"), input: { membershipId: ownerMembership.id, role: "member" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember({ ctx: ctx("admin"), input: { membershipId: ownerMembership.id } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the last owner can be neither demoted nor removed", async () => {
    const ownerMembership = await h.db.membership.findFirstOrThrow({ where: { tenantId: t.tenant.id, role: "owner" } });
    await expect(changeMemberRole({ ctx: ctx("owner"), input: { membershipId: ownerMembership.id, role: "admin" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember({ ctx: ctx("owner"), input: { membershipId: ownerMembership.id } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("every write left an audit row in the same tenant", async () => {
    const actions = (await h.db.auditLog.findMany({ where: { tenantId: t.tenant.id }, select: { action: true } })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["api_key.create", "api_key.rotate", "api_key.revoke", "budget.create", "member.invite", "route.create", "tenant.rename"]));
  });
});

describe("gateway invalidation", () => {
  it("revoking and rotating a key deletes its cache entry and publishes its hash; budgets publish the tenant", async () => {
    const { url, prefix } = createTestRedis();
    const redis = new Redis(url);
    const sub = new Redis(url);
    const messages: Array<[string, string]> = [];
    await sub.subscribe(API_KEY_INVALIDATE_CHANNEL, TENANT_INVALIDATE_CHANNEL);
    sub.on("message", (ch: string, msg: string) => messages.push([ch, msg]));
    try {
      const c = ctx("owner", { redis });
      const created = await createApiKey({ ctx: c, input: { name: "cached" } });
      const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
      await redis.set(`sb:apikey:${row.keyHash}`, `${prefix}cached`);
      await rotateApiKey({ ctx: c, input: { id: row.id } });
      expect(await redis.exists(`sb:apikey:${row.keyHash}`)).toBe(0);
      const rotated = await h.db.apiKey.findUniqueOrThrow({ where: { id: row.id } });
      await revokeApiKey({ ctx: c, input: { id: row.id } });
      await createBudget({ ctx: c, input: { amountPicoUsd: 7n } });
      await setStoreRequestBodies({ ctx: c, input: { enabled: true } });
      expect((await h.db.tenant.findUniqueOrThrow({ where: { id: t.tenant.id } })).storeRequestBodies).toBe(true);
      // Gateways without a subscriber still see the change through the marker.
      expect(Number(await redis.get(`sb:tenant-inval:${t.tenant.id}`))).toBeGreaterThan(Date.now() - 60_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(messages).toEqual(
        expect.arrayContaining([
          [API_KEY_INVALIDATE_CHANNEL, row.keyHash],
          [API_KEY_INVALIDATE_CHANNEL, rotated.keyHash],
          [TENANT_INVALIDATE_CHANNEL, t.tenant.id],
        ]),
      );
    } finally {
      sub.disconnect();
      redis.disconnect();
    }
  });
});
