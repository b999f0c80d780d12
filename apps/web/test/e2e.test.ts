import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { createTestDatabase, createTestRedis, getFreePort, testMailInbox, waitForMail, type TestDatabase } from "@switchboard/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type BrowserSession } from "./support/browser";
import { startWebServer, type WebServer } from "./support/web-server";

/**
 * The dashboard end to end in a real browser against a real build, Postgres, Redis and SMTP
 * inbox. Steps run in order and share one browser session; add gateway steps at the end
 * (the created key's secret is kept in `state.secret`).
 */
let database: TestDatabase;
let db: PrismaClient;
let web: WebServer;
let b: BrowserSession;
const mail = () => testMailInbox();
const state = { email: `e2e-${Date.now()}@example.test`, password: "e2e correct horse battery", secret: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url, { poolSize: 2 });
  const port = await getFreePort();
  const logs: string[] = [];
  web = await startWebServer({
    port,
    log: (l) => logs.push(l),
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: createTestRedis().url,
      SMTP_URL: mail().smtpUrl,
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      WEB_URL: `http://127.0.0.1:${port}`,
      AUTH_URL: `http://127.0.0.1:${port}`,
      GATEWAY_PUBLIC_URL: "http://127.0.0.1:8080/v1",
      SECRETS_KEYRING: `1:${Buffer.alloc(32, 3).toString("base64")}`,
    },
  }).catch((e: unknown) => {
    console.error(logs.join(""));
    throw e;
  });
  b = await openBrowser(web.url);
}, 600_000);

afterAll(async () => {
  await b?.close();
  await web?.stop();
  await db?.$disconnect();
  await database?.drop();
});

describe.sequential("dashboard e2e", () => {
  it("signs up and lands on the verify-email page", async () => {
    const { page } = b;
    await page.goto("/sign-up");
    await b.shot("01-sign-up");
    await page.fill("#name", "Erin Example");
    await page.fill("#email", state.email);
    await page.fill("#password", state.password);
    await page.fill("#workspaceName", "E2E Workspace");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/verify-email/);
    await expect(page.getByRole("heading", { name: "Verify your email" }).isVisible()).resolves.toBe(true);
    await b.shot("02-verify-email");
  });

  it("refuses sign-in before verification, with a clear message", async () => {
    const { page } = b;
    await page.goto("/sign-in");
    await page.fill("#email", state.email);
    await page.fill("#password", state.password);
    await page.click("form button[type=submit]");
    await page.getByText("Please verify your email address first").waitFor();
    await b.shot("03-sign-in-unverified");
  });

  it("verifies the address from the emailed link, then signs in to the overview", async () => {
    const { page } = b;
    const message = await waitForMail(mail().webUrl, (m) => m.to.some((t) => t.address === state.email) && /verify/i.test(m.subject));
    const link = /(http:\/\/\S+\/auth\/verify\?token=[0-9A-Za-z]+)/.exec(message.text ?? "")?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.waitForURL(/\/sign-in\?verified=1/);
    await page.getByText("Email verified").waitFor();
    await page.fill("#password", state.password);
    await page.click("form button[type=submit]");
    await page.waitForURL(/\/overview/);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.getByTestId("active-tenant").first().textContent()).toContain("E2E Workspace");
    await b.shot("04-overview");
  });

  it("creates an API key and shows its secret once", async () => {
    const { page } = b;
    await page.goto("/keys");
    await page.getByRole("button", { name: "Create key" }).first().click();
    await page.fill("#key-name", "e2e key");
    await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
    const secret = page.getByTestId("new-key-secret");
    await secret.waitFor();
    state.secret = (await secret.textContent()) ?? "";
    expect(state.secret).toMatch(/^sk-sb-[0-9A-Za-z]{40}$/);
    await b.shot("05-key-created");
    await page.getByRole("button", { name: "Done" }).click();
    const row = page.locator('[data-testid="key-row"][data-key-name="e2e key"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("active");
    expect(await page.content()).not.toContain(state.secret); // never shown again
    await b.shot("06-keys-list");
  });

  it("revokes the key", async () => {
    const { page } = b;
    const row = page.locator('[data-testid="key-row"][data-key-name="e2e key"]');
    await row.getByLabel("Actions for e2e key").click();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("revoked").waitFor();
    await b.shot("07-key-revoked");
    const stored = await db.apiKey.findFirstOrThrow({ where: { name: "e2e key" } });
    expect(stored.revokedAt).not.toBeNull();
  });

  it("invites a teammate, who signs in with an emailed link, accepts, and joins as a viewer", async () => {
    const { page } = b;
    const mate = `mate-${Date.now()}@example.test`;
    await page.goto("/settings");
    await page.fill("#inv-email", mate);
    await page.selectOption("#inv-role", "viewer");
    await page.getByRole("button", { name: "Send invite" }).click();
    await page.getByText("Invitation sent.").waitFor();
    const invite = await waitForMail(mail().webUrl, (m) => m.to.some((t) => t.address === mate) && m.subject === "Join E2E Workspace on Switchboard");
    const inviteLink = /(http:\/\/\S+\/invite\/[^\s/]+)/.exec(invite.text ?? "")?.[1];
    expect(inviteLink).toBeTruthy();

    // The teammate: another browser profile, no account yet.
    const other = await openBrowser(web.url);
    other.page.setDefaultTimeout(15_000);
    try {
      const p = other.page;
      await p.goto(inviteLink!);
      await p.getByRole("heading", { name: "Join E2E Workspace" }).waitFor();
      await p.getByRole("link", { name: "Sign in to accept" }).click();
      await p.waitForURL(/\/sign-in/);
      await p.getByRole("tab", { name: "Email link" }).click();
      expect(await p.inputValue("#link-email")).toBe(mate);
      await p.getByRole("button", { name: "Email me a link" }).click();
      // Our check-email page (the address bar may still show Auth.js's /api/auth/verify-request, which redirects to it).
      await p.getByRole("heading", { name: "Check your email" }).waitFor();
      const signInMail = await waitForMail(mail().webUrl, (m) => m.to.some((t) => t.address === mate) && m.subject === "Your Switchboard sign-in link");
      const magic = /(http:\/\/\S+\/api\/auth\/callback\/nodemailer\?\S+)/.exec(signInMail.text ?? "")?.[1];
      expect(magic).toBeTruthy();
      // The link signs the new user in and brings them back to the invitation.
      await p.goto(magic!);
      await p.waitForURL(/\/invite\//);
      await other.shot("15-invitation");
      await p.getByRole("button", { name: `Accept as ${mate}` }).click();
      await p.waitForURL(/\/overview/);
      expect(await p.getByTestId("active-tenant").first().textContent()).toContain("E2E Workspace");
      const user = await db.user.findUniqueOrThrow({ where: { email: mate } });
      const memberships = await db.membership.findMany({ where: { userId: user.id }, include: { tenant: true } });
      // A first sign-in also gets the user a workspace of their own; the invitation adds this one, as a viewer.
      expect(memberships.filter((m) => m.tenant.name === "E2E Workspace").map((m) => m.role)).toEqual(["viewer"]);
      // A viewer does not learn the audit log exists: a real 404, not a 200 showing one.
      expect((await p.goto("/audit"))?.status()).toBe(404);
      // A sign-in link works once; so does an invitation.
      await p.goto(inviteLink!);
      await p.getByRole("heading", { name: "Invitation not valid" }).waitFor();
      await other.context.clearCookies();
      await p.goto(magic!);
      await p.waitForURL(/\/sign-in/);
      expect(p.url()).not.toMatch(/\/overview|\/invite\//);
    } finally {
      await other.close();
    }
  }, 90_000);

  it("renders every dashboard page without an error", async () => {
    const { page } = b;
    for (const [name, path] of [
      ["08-usage", "/usage"],
      ["09-logs", "/logs"],
      ["10-budgets", "/budgets"],
      ["11-models", "/models"],
      ["12-playground", "/playground"],
      ["13-billing", "/billing"],
      ["14-settings", "/settings"],
      ["16-audit", "/audit"],
    ] as const) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      expect(await page.getByText("Something went wrong").count(), path).toBe(0);
      await b.shot(name);
    }
    // A request log that does not exist (or is another tenant's) is a 404 status, not a 200 page saying so.
    expect((await page.goto("/logs/req_doesnotexist000000000000000"))?.status()).toBe(404);
  });
});
