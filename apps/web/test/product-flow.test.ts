import fs from "node:fs";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { startRedis, type RedisHandle } from "@switchboard/devstack";
import { startMockProvider, type MockProvider } from "@switchboard/mock-provider";
import { createTestDatabase, getFreePort, testMailInbox, waitForMail, type TestDatabase } from "@switchboard/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, RESULTS_DIR, type BrowserSession } from "./support/browser";
import { eventually, startApp, type AppProcess } from "./support/stack";
import { startWebServer, WEB_DIR, type WebServer } from "./support/web-server";

/**
 * The product flow of the definition of done, in Chromium against the real built
 * gateway, worker and dashboard sharing one Postgres, a private Redis (BullMQ's queue prefix is
 * fixed, so no other test's worker may consume these jobs) and the run's SMTP inbox:
 * sign up → verify → key → OpenAI SDK call → logs + chart → budget → alert mail → revoke → 401.
 */
const DOCS_DIR = path.join(WEB_DIR, "docs", "screenshots");
const MODEL = "gpt-mock";
const SERVED = "mock/gpt-mock";

let database: TestDatabase;
let db: PrismaClient;
let redis: RedisHandle;
let mock: MockProvider;
let gateway: AppProcess;
let worker: AppProcess;
let web: WebServer;
let b: BrowserSession;
const webLogs: string[] = [];
const mail = () => testMailInbox();
const state = { email: `flow-${Date.now()}@example.test`, password: "flow correct horse battery", secret: "", requestIds: [] as string[] };

const client = () => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: state.secret, maxRetries: 0, timeout: 15_000 });

/** Screenshot into test-results/, and also into docs/screenshots/ for the README. */
async function shotForDocs(name: string, docName: string) {
  await b.shot(name);
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  fs.copyFileSync(path.join(RESULTS_DIR, `${name}.png`), path.join(DOCS_DIR, `${docName}.png`));
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url, { poolSize: 2 });
  redis = await startRedis({ port: await getFreePort() });
  mock = await startMockProvider({ port: 0 });
  const keyring = `1:${Buffer.alloc(32, 9).toString("base64")}`;
  const [gatewayPort, workerPort, webPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
  const webUrl = `http://127.0.0.1:${webPort}`;
  gateway = await startApp("gateway", {
    url: `http://127.0.0.1:${gatewayPort}`,
    healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: "flow:",
      MOCK_PROVIDER_URL: mock.url,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(gatewayPort),
      SECRETS_KEYRING: keyring,
      LOG_LEVEL: "warn",
    },
  });
  worker = await startApp("worker", {
    url: `http://127.0.0.1:${workerPort}`,
    healthUrl: `http://127.0.0.1:${workerPort}/health`,
    env: { DATABASE_URL: database.url, REDIS_URL: redis.url, SMTP_URL: mail().smtpUrl, SMTP_FROM: "Switchboard <alerts@switchboard.local>", WEB_URL: webUrl, WORKER_PORT: String(workerPort), LOG_LEVEL: "warn" },
  });
  web = await startWebServer({
    port: webPort,
    log: (l) => webLogs.push(l),
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SMTP_URL: mail().smtpUrl,
      AUTH_SECRET: "flow-secret-flow-secret-flow-secret",
      WEB_URL: webUrl,
      AUTH_URL: webUrl,
      GATEWAY_PUBLIC_URL: `${gateway.url}/v1`,
      SECRETS_KEYRING: keyring,
    },
  }).catch((e: unknown) => {
    console.error(webLogs.join(""));
    throw e;
  });
  b = await openBrowser(web.url);
}, 900_000);

afterAll(async () => {
  await b?.close();
  await Promise.all([web?.stop(), gateway?.stop(), worker?.stop()]);
  await mock?.close();
  await redis?.stop();
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe.sequential("product flow: dashboard → gateway → worker → mail", () => {
  it("signs up and verifies the address from the mailed link", async () => {
    const { page } = b;
    await page.goto("/sign-up");
    await page.fill("#name", "Flo Flow");
    await page.fill("#email", state.email);
    await page.fill("#password", state.password);
    await page.fill("#workspaceName", "Flow Workspace");
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
    await b.shot("flow-01-overview-empty");
  });

  it("creates a key in the dashboard", async () => {
    const { page } = b;
    await page.goto("/keys");
    await page.getByRole("button", { name: "Create key" }).first().click();
    await page.fill("#key-name", "flow key");
    await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
    const secret = page.getByTestId("new-key-secret");
    await secret.waitFor();
    state.secret = (await secret.textContent()) ?? "";
    expect(state.secret).toMatch(/^sk-sb-/);
    await b.shot("flow-02-key-created");
    await page.getByRole("button", { name: "Done" }).click();
  });

  it("calls the gateway with the official openai SDK using that key", async () => {
    const { data, response } = await client()
      .chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hello from the product flow" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(data.model).toBe(SERVED);
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    expect(BigInt(response.headers.get("x-switchboard-cost-pico-usd") ?? "0")).toBeGreaterThan(0n);
    state.requestIds.push(requestId!);
  });

  it("shows the request in the request logs", async () => {
    const { page } = b;
    const row = page.locator(`[data-testid="log-row"][data-request-id="${state.requestIds[0]}"]`);
    await eventually("the request in /logs", async () => {
      await page.goto("/logs");
      return (await row.count()) > 0;
    }, 30_000, 1000);
    expect(await row.textContent()).toContain(SERVED);
    expect(await row.textContent()).toContain("flow key");
    await b.shot("flow-03-logs");
    await page.goto(`/logs/${encodeURIComponent(state.requestIds[0]!)}`);
    await page.getByText(state.requestIds[0]!).first().waitFor();
    await b.shot("flow-04-log-detail");
  });

  it("shows its spend in the per-model chart on the overview and usage pages", async () => {
    const { page } = b;
    const chart = page.locator(`[role="img"][aria-label*="${SERVED}"]`);
    await eventually("the model in the overview chart", async () => {
      await page.goto("/overview");
      return (await chart.count()) > 0;
    }, 30_000, 1000);
    expect(await page.getByTestId("month-spend").textContent()).not.toBe("$0.00");
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    await page.waitForTimeout(1_700); // recharts grows bars in over 1.5 s (a JS animation)
    await shotForDocs("flow-05-overview", "overview");
    await page.goto("/usage");
    await chart.first().waitFor();
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    await page.waitForTimeout(1_700);
    await shotForDocs("flow-06-usage", "usage");
  });

  it("sets a tiny budget alerting the user at 50/80/100 %", async () => {
    const { page } = b;
    await page.goto("/budgets");
    await page.getByRole("button", { name: "New budget" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("#b-amount").fill("0.000001");
    await dialog.locator("#b-enf").selectOption("soft");
    expect(await dialog.locator("#b-thr").inputValue()).toBe("50, 80, 100");
    expect(await dialog.locator("#b-rcpt").inputValue()).toBe(state.email);
    await dialog.getByRole("button", { name: "Create budget" }).click();
    await page.getByRole("table", { name: "Budgets" }).getByText("Soft (alerts)").waitFor();
    await b.shot("flow-07-budget");
  });

  it("a further request crosses the budget and the alert email arrives", async () => {
    const { response } = await client()
      .chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "One more, please" }] })
      .withResponse();
    state.requestIds.push(response.headers.get("x-request-id") ?? "");
    const alert = await waitForMail(mail().webUrl, (m) => m.to.some((t) => t.address === state.email) && /budget/i.test(m.subject), 60_000);
    expect(alert.subject).toContain("Flow Workspace");
    const { page } = b;
    await eventually("the alert in the history", async () => {
      await page.goto("/budgets");
      return (await page.getByRole("table", { name: "Alert history" }).count()) > 0;
    }, 15_000, 1000);
    await b.shot("flow-08-budget-alerted");
  });

  it("edits the budget and the key's limits after creation", async () => {
    const { page } = b;
    await page.goto("/budgets");
    await page.getByRole("button", { name: "Edit budget" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Edit budget" });
    expect(await dialog.locator("#b-amount").inputValue()).toBe("0.000001");
    await dialog.locator("#b-amount").fill("25");
    await dialog.locator("#b-thr").fill("75, 100");
    await dialog.getByRole("button", { name: "Save budget" }).click();
    await page.getByRole("table", { name: "Budgets" }).getByText("75%, 100%").waitFor();
    await page.getByRole("table", { name: "Budgets" }).getByText("$25.00").first().waitFor();
    await b.shot("flow-09-budget-edited");

    await page.goto("/keys");
    const row = page.locator('[data-testid="key-row"][data-key-name="flow key"]');
    await row.getByLabel("Actions for flow key").click();
    await row.getByRole("button", { name: "Edit limits" }).click();
    const edit = page.getByRole("dialog", { name: "Edit “flow key”" });
    await edit.locator("#edit-key-rpm").fill("600");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await row.getByText("600 RPM").waitFor();
    const stored = await db.apiKey.findFirstOrThrow({ where: { name: "flow key" } });
    expect(stored.rpmLimit).toBe(600);
    // The gateway picked the change up (invalidation) and still serves the key.
    const res = await client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "limits changed" }] });
    expect(res.choices[0]?.message.content).toBeTruthy();
  });

  it("revokes the key, and the gateway refuses it within about a second", async () => {
    const { page } = b;
    await page.goto("/keys");
    const row = page.locator('[data-testid="key-row"][data-key-name="flow key"]');
    await shotForDocs("flow-10-keys", "keys");
    await row.getByLabel("Actions for flow key").click();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("revoked").waitFor();
    const revokedAt = Date.now();
    await b.shot("flow-11-key-revoked");
    const refusal = await eventually(
      "the gateway to refuse the revoked key",
      async () => {
        try {
          await client().chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "still there?" }] });
          return null;
        } catch (error) {
          return error instanceof OpenAI.APIError ? error : null;
        }
      },
      5_000,
      50,
    );
    const elapsed = Date.now() - revokedAt;
    expect(refusal.status).toBe(401);
    expect(refusal.code).toBe("api_key_revoked");
    expect(elapsed).toBeLessThan(1_500);
  });

  it("the audit log lists what happened, with who and from where", async () => {
    const { page } = b;
    await page.goto("/audit");
    for (const action of ["api_key.create", "api_key.update", "api_key.revoke", "budget.create", "budget.update", "user.sign_in", "tenant.create"]) {
      await page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first().waitFor({ timeout: 5_000 });
    }
    expect(await page.locator('[data-testid="audit-row"]').first().textContent()).toContain(state.email);
    await b.shot("flow-12-audit");
  });

  it("renders the remaining pages", async () => {
    const { page } = b;
    for (const [name, p] of [
      ["flow-13-billing", "/billing"],
      ["flow-14-settings", "/settings"],
      ["flow-15-models", "/models"],
      ["flow-16-playground", "/playground"],
    ] as const) {
      const res = await page.goto(p);
      expect(res?.status(), p).toBe(200);
      expect(await page.getByText("Something went wrong").count(), p).toBe(0);
      await b.shot(name);
    }
  });
});
