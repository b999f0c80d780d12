import pg from "pg";
import { Redis } from "ioredis";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { waitForMail } from "./mail.js";

// The global setup started these; prove each is a real, working server.
describe("test services from the global setup", () => {
  it("PostgreSQL answers queries", async () => {
    const client = new pg.Client({ connectionString: process.env.SB_TEST_PG_URL });
    await client.connect();
    const { rows } = await client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
    await client.end();
    expect(rows[0]?.v).toBeGreaterThanOrEqual(150000);
  });

  it("Redis stores and returns values", async () => {
    const redis = new Redis(process.env.SB_TEST_REDIS_URL!);
    await redis.set("devstack:probe", "ok", "EX", 10);
    expect(await redis.get("devstack:probe")).toBe("ok");
    redis.disconnect();
  });

  it("SMTP delivers into the inbox", async () => {
    const transport = nodemailer.createTransport(process.env.SB_TEST_SMTP_URL);
    const subject = `probe ${Date.now()}`;
    await transport.sendMail({ from: "a@example.test", to: "b@example.test", subject, text: "hello" });
    const mail = await waitForMail(process.env.SB_TEST_MAIL_WEB_URL!, (m) => m.subject === subject);
    expect(mail.text?.trim()).toBe("hello");
  });
});
