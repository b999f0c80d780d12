import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCKOUT_MS, MAX_FAILED_LOGINS, requestPasswordReset, resetPassword, signUp, verifyCredentials, verifyEmail } from "../index.js";
import { openHarness, type Harness } from "../testutil/fixtures.js";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("sign-up, verification and lockout", () => {
  const email = `Person-${Date.now()}@Example.test`;
  const password = "correct horse battery";
  let verifyToken = "";

  it("sign-up creates the user, an owned workspace and a verification token", async () => {
    const r = await signUp({ db: h.db, input: { name: "Pat Person", email, password } });
    verifyToken = r.verifyToken;
    expect(r.user.email).toBe(email.toLowerCase());
    const m = await h.db.membership.findFirstOrThrow({ where: { userId: r.user.id } });
    expect(m.role).toBe("owner");
    expect(m.tenantId).toBe(r.tenant.id);
    const u = await h.db.user.findUniqueOrThrow({ where: { id: r.user.id } });
    expect(u.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    await expect(signUp({ db: h.db, input: { name: "Dup", email: email.toUpperCase(), password } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses an unverified password sign-in, then accepts it after verification (single-use link)", async () => {
    expect(await verifyCredentials(h.db, { email, password })).toEqual({ ok: false, reason: "unverified" });
    expect(await verifyEmail(h.db, verifyToken)).toBe(email.toLowerCase());
    expect(await verifyEmail(h.db, verifyToken)).toBeNull();
    expect(await verifyCredentials(h.db, { email, password })).toMatchObject({ ok: true });
  });

  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    const now = new Date();
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(await verifyCredentials(h.db, { email, password: "wrong" }, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(h.db, { email, password: "wrong" }, now)).toMatchObject({ ok: false, reason: "locked" });
    expect(await verifyCredentials(h.db, { email, password }, now)).toMatchObject({ ok: false, reason: "locked" });
    const user = await h.db.user.findFirstOrThrow({ where: { email: email.toLowerCase() } });
    expect(await h.db.auditLog.count({ where: { action: "user.locked", targetId: user.id } })).toBeGreaterThan(0);
    const later = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect(await verifyCredentials(h.db, { email, password }, later)).toMatchObject({ ok: true });
  });

  it("password reset sets a new password once and clears the lockout", async () => {
    const r = await requestPasswordReset(h.db, email);
    expect(r).not.toBeNull();
    expect(await resetPassword(h.db, r!.token, "a brand new passphrase")).toBe(true);
    expect(await resetPassword(h.db, r!.token, "another passphrase!!")).toBe(false);
    expect(await verifyCredentials(h.db, { email, password })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(h.db, { email, password: "a brand new passphrase" })).toMatchObject({ ok: true });
    expect(await requestPasswordReset(h.db, "nobody@example.test")).toBeNull();
  });
});
