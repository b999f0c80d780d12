// Fails when prisma/schema.prisma and prisma/migrations disagree, using a real Prisma schema
// engine (Prisma 6.19.3's wasm build) rather than a hand-written comparison.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../migrate";
import { createTestDatabase, type TestDatabase } from "../test-database";
import { defaultSchemaPath, diffDatabaseToSchema, diffMigrationsToSchema, prismaMigrate, toPrisma6Schema } from "./run";

// the wasm engine is slow on 2 cores (`migrate deploy` ~10 s)
describe("schema.prisma ↔ migrations", { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let scratch: string;
  beforeAll(async () => {
    db = await createTestDatabase("sb_drift_test");
    scratch = mkdtempSync(join(tmpdir(), "sb-drift-"));
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await db?.drop();
  });

  it("the committed migrations produce exactly schema.prisma", async () => {
    const diff = await diffMigrationsToSchema({ databaseUrl: db.url });
    expect(diff.sql.trim() === "" || diff.empty).toBe(true);
    expect(diff.empty, `a new migration is needed (pnpm --filter @switchboard/db migration:new <name>):\n${diff.sql}`).toBe(true);
  });

  it("a database migrated by our runner matches schema.prisma", async () => {
    await migrateDatabase(db.url);
    const diff = await diffDatabaseToSchema({ databaseUrl: db.url });
    expect(diff.empty, diff.sql).toBe(true);
  });

  it("detects drift: a schema with one extra field needs a migration", async () => {
    const schema = readFileSync(defaultSchemaPath, "utf8");
    const drifted = schema.replace(/(\n {2}storeRequestBodies[^\n]*\n)/, "$1  driftCheck Int? @map(\"drift_check\")\n");
    expect(drifted).not.toBe(schema);
    const driftedPath = join(scratch, "schema.prisma");
    writeFileSync(driftedPath, drifted);

    const fromMigrations = await diffMigrationsToSchema({ databaseUrl: db.url, schemaPath: driftedPath });
    expect(fromMigrations.empty).toBe(false);
    expect(fromMigrations.sql).toMatch(/ALTER TABLE "tenants" ADD COLUMN\s+"drift_check" INTEGER/);

    const fromDatabase = await diffDatabaseToSchema({ databaseUrl: db.url, schemaPath: driftedPath });
    expect(fromDatabase.empty).toBe(false);
    expect(fromDatabase.sql).toMatch(/"drift_check"/);
  });

  it("Prisma Migrate accepts a database migrated by our runner", async () => {
    // runs after the runner migrated db.url above
    const status = await prismaMigrate("status", { databaseUrl: db.url });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Database schema is up to date!/);
  });

  it("our runner accepts a database migrated by `prisma migrate deploy`", async () => {
    const other = await createTestDatabase("sb_drift_test");
    try {
      const deploy = await prismaMigrate("deploy", { databaseUrl: other.url });
      expect(deploy.status, deploy.stderr + deploy.stdout).toBe(0);
      const result = await migrateDatabase(other.url);
      expect(result.applied).toEqual([]);
      expect(result.alreadyApplied.length).toBeGreaterThan(0);
    } finally {
      await other.drop();
    }
  });

  it("derives a Prisma 6 schema: placeholder url, no generator", () => {
    const schema6 = toPrisma6Schema('generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n');
    expect(schema6).not.toMatch(/generator/);
    expect(schema6).toMatch(/datasource db \{\n {2}url = "postgresql:\/\/unused@localhost\/unused"\n {2}provider = "postgresql"/);
  });
});
