import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, getFreePort, startMailInbox, startPostgres, startRedis } from "@switchboard/devstack";
import { TEMPLATE_DB, closeConnections, dropDatabase, withDatabase } from "./database.js";

/**
 * Vitest global setup: one real PostgreSQL, one real Redis and one real SMTP inbox per test run,
 * plus a migrated template database that each test file clones (CREATE DATABASE … TEMPLATE is ~50 ms).
 * External services can be supplied instead with SB_TEST_PG_URL / SB_TEST_REDIS_URL.
 */
// Workers inherit these through process.env (they are forked after global setup runs).
export default async function setup() {
  const stops: Array<() => Promise<void>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sb-test-"));
  // As root, Postgres runs as an unprivileged user that must be able to enter this folder.
  fs.chmodSync(tmp, 0o755);

  if (!process.env.SB_TEST_PG_URL) {
    const pgPort = await getFreePort();
    const pg = await startPostgres({ dataDir: path.join(tmp, "pg"), port: pgPort, persistent: false });
    stops.push(() => pg.stop());
    process.env.SB_TEST_PG_URL = pg.urlFor("postgres");
  }
  const templateUrl = withDatabase(process.env.SB_TEST_PG_URL, TEMPLATE_DB);
  await dropDatabase(process.env.SB_TEST_PG_URL, TEMPLATE_DB);
  await ensureDatabase(process.env.SB_TEST_PG_URL, TEMPLATE_DB);
  await migrateTemplate(templateUrl);
  await closeConnections(process.env.SB_TEST_PG_URL, TEMPLATE_DB);

  if (!process.env.SB_TEST_REDIS_URL) {
    const redis = await startRedis({ port: await getFreePort() });
    stops.push(() => redis.stop());
    process.env.SB_TEST_REDIS_URL = redis.url;
  }

  if (!process.env.SB_TEST_SMTP_URL) {
    const mail = await startMailInbox({ smtpPort: await getFreePort(), webPort: await getFreePort() });
    stops.push(() => mail.stop());
    process.env.SB_TEST_SMTP_URL = mail.smtpUrl;
    process.env.SB_TEST_MAIL_WEB_URL = mail.webUrl;
  }

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}


async function migrateTemplate(url: string): Promise<void> {
  const { migrateDatabase } = await import("@switchboard/db");
  await migrateDatabase(url, { log: () => {} });
}
