import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUsageProducer, usageEventFixture, type UsageProducer } from "@switchboard/queue";
import { loadEnv } from "../env.js";
import { createLogger } from "../log/logger.js";
import { startWorkerApp, type WorkerApp } from "../app.js";
import { createTestWorkerEnv, waitFor, type TestWorkerEnv } from "../test-support/test-env.js";
import { startSmtpInbox, type SmtpInbox } from "../test-support/smtp-inbox.js";
import { createBudget, createTenant } from "../test-support/fixtures.js";

const DOLLAR = 1_000_000_000_000n;

let t: TestWorkerEnv;
let pool: pg.Pool;
let inbox: SmtpInbox;
let app: WorkerApp;
let producer: UsageProducer;
let slack: Server;
const slackMessages: string[] = [];
let seq = 0;

beforeAll(async () => {
  inbox = await startSmtpInbox();
  slack = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      slackMessages.push((JSON.parse(body) as { text: string }).text);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => slack.listen(0, "127.0.0.1", r));
  t = await createTestWorkerEnv({
    SMTP_URL: inbox.url,
    SLACK_WEBHOOK_URL: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/hook`,
    WEB_URL: "http://dash.test",
  });
  pool = new pg.Pool({ connectionString: t.env.DATABASE_URL, max: 2 });
  app = await startWorkerApp(loadEnv(t.vars), createLogger("warn"));
  producer = createUsageProducer(t.env.REDIS_URL, { prefix: t.env.QUEUE_PREFIX });
});
afterAll(async () => {
  await producer.close();
  await app.stop();
  await pool.end();
  await inbox.close();
  slack.close();
  await t.db.drop();
});

/** Spend `dollars` now for the tenant, as n requests on the given model. */
async function spend(tenantId: string, cents: number, model = "gpt-4o", n = 2): Promise<void> {
  const each = (BigInt(cents) * DOLLAR) / 100n / BigInt(n);
  await Promise.all(
    Array.from({ length: n }, () =>
      producer.publish(
        usageEventFixture(seq++, {
          requestId: `req-${tenantId}-${seq}`,
          tenantId,
          servedModel: model,
          costPicoUsd: each.toString(),
          startedAt: new Date().toISOString(),
        }),
      ),
    ),
  );
}

const mailsTo = (addr: string) => inbox.messages.filter((m) => m.to.includes(addr));

async function alertRows(budgetId: string): Promise<number[]> {
  const r = await pool.query<{ threshold: number }>("SELECT threshold FROM alert_events WHERE budget_id = $1 ORDER BY threshold", [budgetId]);
  return r.rows.map((x) => x.threshold);
}

describe("budget alerts", () => {
  it("mails owners and the billing contact once per threshold, as spend climbs", async () => {
    const tenant = await createTenant(pool, { billingEmail: "Billing@Acme.test", name: "Acme Corp" });
    const budgetId = await createBudget(pool, tenant.tenantId, { amountPicoUsd: 10n * DOLLAR });

    await spend(tenant.tenantId, 600, "gpt-4o"); // $6 of $10 → 50%
    await waitFor(async () => mailsTo(tenant.ownerEmail).length, (n) => n >= 1);
    const first = mailsTo(tenant.ownerEmail)[0];
    expect(first?.to.sort()).toEqual(["billing@acme.test", tenant.ownerEmail].sort());
    expect(first?.subject).toContain("50%");
    expect(first?.body).toContain("$6.00 of $10.00 (60.0%)");
    expect(first?.body).toContain("gpt-4o: $6.00 (2 requests)");
    expect(first?.body).toContain(`http://dash.test/budgets?tenant=${tenant.slug}`);
    expect(first?.headers["content-type"]).toContain("multipart/alternative");

    await spend(tenant.tenantId, 250, "claude-sonnet-4"); // $8.50 → 80%
    await waitFor(async () => mailsTo(tenant.ownerEmail).length, (n) => n >= 2);
    expect(mailsTo(tenant.ownerEmail)[1]?.subject).toContain("80%");

    // More spend below the next threshold, and several checks: no new mail.
    await spend(tenant.tenantId, 50, "gpt-4o");
    await new Promise((r) => setTimeout(r, 3_500));
    expect(mailsTo(tenant.ownerEmail)).toHaveLength(2);

    await spend(tenant.tenantId, 200, "gpt-4o"); // $11 → 100%
    await waitFor(async () => mailsTo(tenant.ownerEmail).length, (n) => n >= 3);
    const last = mailsTo(tenant.ownerEmail)[2];
    expect(last?.subject).toContain("has been reached");
    // Top models by spend, biggest first.
    expect(last?.body.indexOf("gpt-4o: $8.50")).toBeLessThan(last?.body.indexOf("claude-sonnet-4: $2.50") ?? 0);
    expect(await alertRows(budgetId)).toEqual([50, 80, 100]);

    await new Promise((r) => setTimeout(r, 3_000));
    expect(mailsTo(tenant.ownerEmail)).toHaveLength(3);
    // The member (not an owner) never got one; Slack got each alert once.
    expect(inbox.messages.some((m) => m.to.some((a) => a.startsWith("member-")))).toBe(false);
    expect(slackMessages.filter((m) => m.includes("Acme Corp"))).toHaveLength(3);
  }, 60_000);

  it("a jump past several thresholds sends one mail for the highest; a failing relay is retried, never doubled", async () => {
    const tenant = await createTenant(pool, { name: "Jumpy" });
    const budgetId = await createBudget(pool, tenant.tenantId, { amountPicoUsd: DOLLAR, recipients: ["ops@jumpy.test"] });
    inbox.failNext(1);
    await spend(tenant.tenantId, 120);
    await waitFor(async () => mailsTo("ops@jumpy.test").length, (n) => n >= 1, 30_000);
    expect(await alertRows(budgetId)).toEqual([50, 80, 100]);
    await spend(tenant.tenantId, 10);
    await new Promise((r) => setTimeout(r, 3_500));
    const mails = mailsTo("ops@jumpy.test");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain("has been reached");
    // Explicit recipients replace the owner default.
    expect(mailsTo(tenant.ownerEmail)).toHaveLength(0);
  }, 60_000);
});
