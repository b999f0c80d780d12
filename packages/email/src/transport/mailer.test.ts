import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderBudgetAlertEmail } from "../templates/budget-alert.js";
import { createMailer, sendMail } from "./mailer.js";

interface Received {
  to: string[];
  raw: string;
}

// A real SMTP server in-process: the test exercises nodemailer's whole SMTP conversation.
let server: SMTPServer;
let url: string;
const inbox: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

describe("mailer", () => {
  it("delivers an HTML + text budget alert over SMTP", async () => {
    const mail = renderBudgetAlertEmail({
      tenantName: "Acme <script>",
      budgetName: "Prod",
      threshold: 80,
      spendPicoUsd: 8_123_400_000_000n,
      budgetPicoUsd: 10_000_000_000_000n,
      period: "monthly",
      periodKey: "2026-11",
      resetsAt: new Date("2026-12-01T00:00:00Z"),
      enforcement: "block",
      topModels: [{ model: "gpt-4o", spendPicoUsd: 8_000_000_000_000n, requests: 12 }],
      dashboardUrl: "http://localhost:3000/t/acme/budgets",
    });
    const mailer = createMailer({ smtpUrl: url, from: "Switchboard <alerts@switchboard.test>" });
    const sent = await mailer.send({ to: ["owner@acme.test", "billing@acme.test"], ...mail });
    mailer.close();
    expect(sent.accepted).toEqual(["owner@acme.test", "billing@acme.test"]);

    const got = inbox.at(-1);
    expect(got?.to).toEqual(["owner@acme.test", "billing@acme.test"]);
    const body = decodeQuotedPrintable(got?.raw ?? "");
    expect(body).toContain("multipart/alternative");
    expect(body).toContain("text/plain");
    expect(body).toContain("text/html");
    expect(body).toContain("$8.12 of $10.00 (81.2%)");
    expect(body).toContain("gpt-4o: $8.00 (12 requests)");
    // User-controlled names are escaped in the HTML part.
    expect(body).toContain("Acme &lt;script&gt;");
    expect(body).not.toContain("<strong>Acme <script>");
  });

  it("sendMail is a one-shot send", async () => {
    const before = inbox.length;
    await sendMail({ smtpUrl: url, from: "a@b.test" }, { to: "x@y.test", subject: "hi", html: "<p>hi</p>", text: "hi" });
    expect(inbox.length).toBe(before + 1);
  });
});
