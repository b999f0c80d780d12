import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEMPLATE_DB = "sb_test_template";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function requirePgUrl(): string {
  const url = process.env.SB_TEST_PG_URL;
  if (!url) throw new Error("SB_TEST_PG_URL is not set: run tests through vitest (packages/testing global setup) or point it at a PostgreSQL superuser URL.");
  return url;
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function closeConnections(adminUrl: string, database: string): Promise<void> {
  await admin(adminUrl, (c) => c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]));
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: isolated per test file (or per test). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = requirePgUrl();
  const name = `sb_t_${randomBytes(6).toString("hex")}`;
  await admin(adminUrl, (c) => c.query(opts.migrated === false ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}
