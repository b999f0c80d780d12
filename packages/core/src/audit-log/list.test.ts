import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditLogs } from "../index.js";
import { ctxFor, makeTenant, openHarness, type Harness } from "../testutil/fixtures.js";

let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  h = await openHarness();
  t = await makeTenant(h.db, "audit");
  const base = Date.UTC(2026, 0, 1);
  // Same timestamp for several rows: the keyset cursor must still page through each exactly once.
  for (let i = 0; i < 7; i++) {
    await h.db.auditLog.create({ data: { tenantId: t.tenant.id, actorUserId: t.users.admin, actorType: "user", action: i % 2 ? "api_key.revoke" : "member.invite", createdAt: new Date(base + Math.floor(i / 3) * 1000) } });
  }
});
afterAll(async () => {
  await h?.close();
});

describe("listAuditLogs", () => {
  it("pages newest first with a stable cursor, naming the actor", async () => {
    const ctx = ctxFor(h, t.tenant.id, t.users.owner, "owner");
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listAuditLogs({ ctx, input: { limit: 3, cursor } });
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const all = await h.db.auditLog.findMany({ where: { tenantId: t.tenant.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((r) => r.id));
    const first = await listAuditLogs({ ctx, input: { action: "api_key." } });
    expect(first.items.map((i) => i.action)).toEqual(["api_key.revoke", "api_key.revoke", "api_key.revoke"]);
    expect(first.items[0]?.actorEmail).toMatch(/audit-admin/);
  });

  it("rejects a forged cursor", async () => {
    const ctx = ctxFor(h, t.tenant.id, t.users.owner, "owner");
    await expect(listAuditLogs({ ctx, input: { cursor: "yesterday" } })).rejects.toMatchObject({ code: "invalid" });
  });
});
