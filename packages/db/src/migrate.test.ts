import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MigrationError, defaultMigrationsDir, migrateDatabase, migrationChecksum, readMigrations } from "./migrate";
import { createTestDatabase, type TestDatabase } from "./test-database";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), "sb-migrations-"));
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

describe("migrateDatabase", () => {
  const databases: TestDatabase[] = [];
  const dirs: string[] = [];
  async function freshDatabase(): Promise<string> {
    const db = await createTestDatabase("sb_migrate_test");
    databases.push(db);
    return db.url;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it("applies every migration once, with Prisma's bookkeeping", async () => {
    const url = await freshDatabase();
    const local = readMigrations();
    expect(local.length).toBeGreaterThan(0);

    const first = await migrateDatabase(url);
    expect(first.applied).toEqual(local.map((m) => m.name));
    const second = await migrateDatabase(url);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied, unknownApplied: [] });

    const rows = await query<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; applied_steps_count: number; logs: string | null; rolled_back_at: Date | null; started_at: Date }>(
      url,
      `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(local.length);
    rows.forEach((row, index) => {
      const migration = local[index]!;
      expect(row.migration_name).toBe(migration.name);
      expect(row.checksum).toBe(migrationChecksum(migration.sql));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    });
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["tenants", "api_keys", "request_logs", "usage_hourly"]));
  });

  it("serialises concurrent runs (several replicas starting at once)", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, readMigrations().length]);
  });

  it("refuses when an applied migration was edited", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    dirs.push(dir);
    await migrateDatabase(url, { migrationsDir: dir });
    const [first] = readMigrations(dir);
    appendFileSync(join(dir, first!.name, "migration.sql"), "\n-- sneaky edit\n");
    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(/was modified after it was applied/);
  });

  it("accepts the same file with CRLF line endings (git autocrlf)", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    dirs.push(dir);
    await migrateDatabase(url, { migrationsDir: dir });
    const [first] = readMigrations(dir);
    writeFileSync(join(dir, first!.name, "migration.sql"), first!.sql.replace(/\n/g, "\r\n"));
    await expect(migrateDatabase(url, { migrationsDir: dir })).resolves.toMatchObject({ applied: [] });
  });

  it("rolls a failing migration back, records it, and retries it once fixed", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    dirs.push(dir);
    const name = "29991231000000_broken";
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), `CREATE TABLE "half_done" (id int);\nSELECT 1/0;\n`);

    const error = await migrateDatabase(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/29991231000000_broken failed and was rolled back: division by zero/);
    expect(await query(url, `SELECT to_regclass('public.half_done') AS t`)).toEqual([{ t: null }]);
    const [failed] = await query<{ finished_at: Date | null; rolled_back_at: Date | null; logs: string }>(
      url,
      `SELECT * FROM "_prisma_migrations" WHERE migration_name = '${name}'`,
    );
    expect(failed).toMatchObject({ finished_at: null, logs: expect.stringContaining("division by zero") });
    expect(failed!.rolled_back_at).toBeInstanceOf(Date);

    writeFileSync(join(dir, name, "migration.sql"), `CREATE TABLE "half_done" (id int);\n`);
    const retried = await migrateDatabase(url, { migrationsDir: dir });
    expect(retried.applied).toEqual([name]);
  });

  it("refuses to run past a failed migration that was not rolled back", async () => {
    const url = await freshDatabase();
    await migrateDatabase(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, applied_steps_count) VALUES ('00000000-0000-4000-8000-000000000000', '${"0".repeat(64)}', '29990101000000_crashed', 'connection lost', 0)`,
    );
    await expect(migrateDatabase(url)).rejects.toThrow(/29990101000000_crashed .* failed and was not rolled back:\nconnection lost/s);
  });

  it("runs marked migrations outside a transaction (CREATE INDEX CONCURRENTLY)", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    dirs.push(dir);
    const name = "29991231000001_concurrent_index";
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), `-- switchboard:no-transaction\nCREATE INDEX CONCURRENTLY "tenants_name_idx" ON "tenants"("name");\n`);
    const result = await migrateDatabase(url, { migrationsDir: dir });
    expect(result.applied).toContain(name);
    expect(await query(url, `SELECT to_regclass('public.tenants_name_idx')::text AS t`)).toEqual([{ t: "tenants_name_idx" }]);
  });
});
