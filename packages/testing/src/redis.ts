import { randomBytes } from "node:crypto";

export interface TestRedis {
  url: string;
  /** Unique key prefix for this test: every key a test's code touches should carry it. */
  prefix: string;
}

/** The run's real Redis, with a unique prefix for isolation between test files running in parallel. */
export function createTestRedis(): TestRedis {
  const url = process.env.SB_TEST_REDIS_URL;
  if (!url) throw new Error("SB_TEST_REDIS_URL is not set: run tests through vitest (packages/testing global setup).");
  return { url, prefix: `t${randomBytes(4).toString("hex")}:` };
}

/** SMTP server and its inbox web API for this run (maildev). */
export function testMailInbox(): { smtpUrl: string; webUrl: string } {
  const smtpUrl = process.env.SB_TEST_SMTP_URL;
  const webUrl = process.env.SB_TEST_MAIL_WEB_URL;
  if (!smtpUrl || !webUrl) throw new Error("SB_TEST_SMTP_URL / SB_TEST_MAIL_WEB_URL are not set: run tests through vitest.");
  return { smtpUrl, webUrl };
}
