// Test helper (not exported): a uniquely named database on the PostgreSQL that packages/testing's
// global setup starts, exported as SB_TEST_PG_URL (a superuser URL to database `postgres`).
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  const url = process.env.SB_TEST_PG_URL;
  if (!url) throw new Error("SB_TEST_PG_URL is not set: run tests through the repo's vitest setup (packages/testing) or export it.");
  return url;
}

export async function createTestDatabase(prefix = "sb_db_test"): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
