import { randomBytes } from "node:crypto";
import { signUp } from "@switchboard/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTenant, signInOverHttp, startApiHarness, type ApiHarness, type TestTenant } from "./harness";

/**
 * Web security against a running dashboard: headers on every kind of response, CSP nonces,
 * cookie flags (plain http and an https public URL), the Origin check on cookie-authenticated
 * route handlers, the per-IP sign-in limit, audit rows and the audit page's access rule.
 */
let h: ApiHarness;
let owner: TestTenant;
let cookie = "";

beforeAll(async () => {
  h = await startApiHarness();
  owner = await makeTenant(h.db, "secure");
  cookie = await signInOverHttp(h.url, owner.email, owner.password);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

const EVERYWHERE = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

describe("security headers", () => {
  it.each([
    ["a page", "/sign-in", 200],
    ["a dashboard page", "/overview", 200],
    ["a 404", "/no-such-page", 404],
    ["a health check", "/api/health", 200],
    ["the management API", "/api/v1/keys", 401],
    ["an Auth.js endpoint", "/api/auth/csrf", 200],
  ] as const)("%s carries them", async (_what, path, status) => {
    const res = await fetch(`${h.url}${path}`, { headers: path === "/overview" ? { cookie } : {}, redirect: "manual" });
    expect(res.status).toBe(status);
    for (const [k, v] of Object.entries(EVERYWHERE)) expect(res.headers.get(k), `${path} ${k}`).toBe(v);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http
  });

  it("static assets carry them too", async () => {
    const html = await (await fetch(`${h.url}/sign-in`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${h.url}${asset}`);
    expect(res.status).toBe(200);
    for (const [k, v] of Object.entries(EVERYWHERE)) expect(res.headers.get(k), k).toBe(v);
  });

  it("pages get a fresh script nonce per response, and Next stamps it on its scripts", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${h.url}/sign-in`);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).not.toContain("unsafe-eval");
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("API responses get a no-content CSP", async () => {
    const res = await fetch(`${h.url}/api/health`);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("HSTS is sent when the request arrived over https (TLS-terminating proxy)", async () => {
    const res = await fetch(`${h.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("cookies", () => {
  it("session and CSRF cookies are httpOnly and SameSite=Lax on http", async () => {
    const ip = `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    const csrf = await fetch(`${h.url}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie();
    const res = await fetch(`${h.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.map((c) => c.split(";")[0]).join("; "), origin: h.url, "x-forwarded-for": ip },
      body: new URLSearchParams({ email: owner.email, password: owner.password, csrfToken }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeTruthy();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(jar.find((c) => c.includes("csrf-token"))).toMatch(/HttpOnly/i);
  });

  it("with an https public URL, cookies are __Secure-/__Host- prefixed and Secure", async () => {
    const secure = await startApiHarness({ WEB_URL: "https://dashboard.example.test", AUTH_URL: "https://dashboard.example.test" });
    try {
      const res = await fetch(`${secure.url}/api/auth/csrf`);
      const cookies = res.headers.getSetCookie();
      const csrf = cookies.find((c) => c.includes("authjs.csrf-token"));
      expect(csrf).toMatch(/^__Host-authjs\.csrf-token=/);
      expect(csrf).toMatch(/;\s*Secure/i);
      expect(csrf).toMatch(/HttpOnly/i);
      expect(cookies.find((c) => c.includes("authjs.callback-url"))).toMatch(/^__Secure-/);
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
    } finally {
      await secure.close();
    }
  }, 120_000);
});

describe("CSRF on cookie-authenticated route handlers", () => {
  const checkout = (headers: Record<string, string>) => fetch(`${h.url}/api/billing/checkout`, { method: "POST", headers: { cookie, accept: "application/json", ...headers } });

  it("a cross-site POST carrying the session cookie is refused before the handler runs", async () => {
    const before = await h.db.auditLog.count({ where: { tenantId: owner.tenantId } });
    const attempts: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { referer: "https://evil.example/page" }];
    for (const headers of attempts) {
      const res = await checkout(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("csrf_origin_mismatch");
    }
    const play = await fetch(`${h.url}/api/playground/chat`, { method: "POST", headers: { cookie, origin: "https://evil.example", "content-type": "application/json" }, body: "{}" });
    expect(play.status).toBe(403);
    expect(await h.db.auditLog.count({ where: { tenantId: owner.tenantId } })).toBe(before);
  });

  it("the same POST from our own origin reaches the handler (ledger-only mode: 409, clearly explained)", async () => {
    const res = await checkout({ origin: h.url, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("stripe_not_configured");
    expect(body.error.message).toMatch(/ledger-only/);
    const page = await (await fetch(`${h.url}/billing`, { headers: { cookie } })).text();
    expect(page).toContain('data-testid="ledger-only"');
  });

  it("bearer-token and signature-verified routes are exempt (no cookie, no ambient authority)", async () => {
    expect((await fetch(`${h.url}/api/v1/keys`, { method: "POST", headers: { authorization: `Bearer ${owner.token}`, origin: "https://elsewhere.example", "content-type": "application/json" }, body: JSON.stringify({ name: "from a script" }) })).status).toBe(201);
    const hook = await fetch(`${h.url}/api/stripe/webhook`, { method: "POST", headers: { origin: "https://stripe.example" }, body: "{}" });
    expect(hook.status).not.toBe(403);
  });
});

describe("sign-in protection and audit", () => {
  it("limits sign-in attempts per IP", async () => {
    const ip = `10.77.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    const attempt = async () => {
      const csrf = await fetch(`${h.url}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const res = await fetch(`${h.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), origin: h.url, "x-forwarded-for": ip },
        body: new URLSearchParams({ email: `nobody-${randomBytes(3).toString("hex")}@example.test`, password: "wrong password here", csrfToken }),
      });
      return res.headers.get("location") ?? "";
    };
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push(/code=([a-z_]+)/.exec(await attempt())?.[1] ?? "");
    expect(codes.slice(0, 20).every((c) => c === "invalid")).toBe(true);
    expect(codes[20]).toBe("rate_limited");
  }, 120_000);

  it("records sign-ins in the audit log, shown to owners and admins, hidden from viewers", async () => {
    expect(await h.db.auditLog.count({ where: { tenantId: owner.tenantId, action: "user.sign_in", actorUserId: owner.userId } })).toBeGreaterThan(0);
    const page = await fetch(`${h.url}/audit`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-action="user.sign_in"');
    expect(html).toContain('data-action="management_token.create"');

    const email = `viewer-${randomBytes(4).toString("hex")}@example.test`;
    const password = "viewer correct horse battery";
    const { user } = await signUp({ db: h.db, input: { name: "Vic Viewer", email, password } });
    await h.db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await h.db.membership.create({ data: { tenantId: owner.tenantId, userId: user.id, role: "viewer" } });
    const viewerCookie = `${await signInOverHttp(h.url, email, password)}; sb_tenant=${owner.tenantId}`;
    // notFound() inside the streamed dashboard (loading.tsx) keeps status 200 but renders the 404 UI.
    const denied = await (await fetch(`${h.url}/audit`, { headers: { cookie: viewerCookie } })).text();
    expect(denied).toContain("Page not found");
    expect(denied).not.toContain('data-testid="audit-row"');
    const overview = await (await fetch(`${h.url}/overview`, { headers: { cookie: viewerCookie } })).text();
    expect(overview).not.toContain('href="/audit"');
  }, 60_000);
});
