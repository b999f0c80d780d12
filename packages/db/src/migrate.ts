// Applies prisma/migrations/*/migration.sql without the Prisma CLI (whose schema engine cannot be
// downloaded here), keeping Prisma Migrate's exact `_prisma_migrations` bookkeeping so that
// `prisma migrate deploy` / `migrate status` accept the same database and files.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** prisma/migrations of this repository. Bundled apps should pass `migrationsDir` explicitly. */
export const defaultMigrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");

// Prisma Migrate's lock id on PostgreSQL: sharing it serialises us with `prisma migrate deploy`.
const PRISMA_ADVISORY_LOCK_ID = 72707369;

// Verbatim from Prisma's schema engine, so a later `prisma migrate` sees the table it would create.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// First line marker for migrations that cannot run in a transaction (CREATE INDEX CONCURRENTLY, ...).
const NO_TRANSACTION_MARKER = "-- switchboard:no-transaction";

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** receives one line per applied migration; silent by default */
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** migrations applied by this call, in order */
  applied: string[];
  /** migrations that were already applied */
  alreadyApplied: string[];
  /** applied in the database but absent from migrationsDir (a newer release ran); left alone */
  unknownApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  started_at: Date;
}

/** sha-256 hex of the file, as Prisma computes it. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

// Prisma accepts a checksum of the script with either line ending, because git may rewrite them.
function checksumMatches(sql: string, checksum: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n")];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}

/** Migration folders in apply order (Prisma's: lexicographic by folder name). */
export function readMigrations(migrationsDir: string = defaultMigrationsDir): LocalMigration[] {
  if (!existsSync(migrationsDir)) throw new MigrationError(`migrations directory not found: ${migrationsDir}`);
  const lockPath = join(migrationsDir, "migration_lock.toml");
  if (existsSync(lockPath) && !/provider\s*=\s*"postgresql"/.test(readFileSync(lockPath, "utf8"))) {
    throw new MigrationError(`${lockPath} is not for provider "postgresql"`);
  }
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Refuses, like `prisma migrate deploy`, when history and files disagree: guessing would risk data.
function checkHistory(local: LocalMigration[], rows: MigrationRow[]): void {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  const [firstFailed] = failed;
  if (firstFailed) {
    throw new MigrationError(
      `Migration ${firstFailed.migration_name} started at ${firstFailed.started_at.toISOString()} failed and was not rolled back:\n` +
        `${firstFailed.logs ?? "(no log)"}\n` +
        `Repair the database by hand, then record the outcome: ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${firstFailed.migration_name}' AND finished_at IS NULL ` +
        `(to retry it), or \`prisma migrate resolve --applied ${firstFailed.migration_name}\` if you completed it by hand.`,
    );
  }
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    if (row.finished_at === null || row.rolled_back_at !== null) continue;
    const file = byName.get(row.migration_name);
    if (file && !checksumMatches(file.sql, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk). Applied migrations are immutable: restore the file and put the change in a new migration.`,
      );
    }
  }
}

async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  const startedAt = new Date();
  if (migration.sql.trimStart().startsWith(NO_TRANSACTION_MARKER)) {
    // Prisma's own protocol: row first, script, then finish; a crash leaves a failed row behind.
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, 0)`, [
      id,
      migration.checksum,
      migration.name,
      startedAt,
    ]);
    try {
      await client.query(migration.sql);
    } catch (error) {
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, errorText(error)]);
      throw new MigrationError(`Migration ${migration.name} failed (not in a transaction; check the database): ${errorText(error)}`);
    }
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
    return;
  }
  try {
    await client.query("BEGIN");
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, $4, clock_timestamp(), 1)`,
      [id, migration.checksum, migration.name, startedAt],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    // The transaction undid the script, so the failure is recorded as already rolled back: the
    // history shows it, and the next run retries once the file is fixed.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, logs, rolled_back_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, now(), 0)`,
      [id, migration.checksum, migration.name, startedAt, errorText(error)],
    );
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${errorText(error)}`);
  }
}

/**
 * Applies pending migrations in order, each in its own transaction, under Prisma's advisory lock
 * (concurrent callers, e.g. several replicas starting at once, wait and then find nothing to do).
 */
export async function migrateDatabase(connectionString: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const local = readMigrations(opts.migrationsDir ?? defaultMigrationsDir);
  const log = opts.log ?? (() => {});
  const client = new pg.Client({ connectionString, application_name: "switchboard-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_ID]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<MigrationRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, started_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      checkHistory(local, rows);
      const done = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
      const localNames = new Set(local.map((migration) => migration.name));
      const result: MigrateResult = {
        applied: [],
        alreadyApplied: local.filter((migration) => done.has(migration.name)).map((migration) => migration.name),
        unknownApplied: [...done].filter((name) => !localNames.has(name)),
      };
      for (const migration of local) {
        if (done.has(migration.name)) continue;
        await applyOne(client, migration);
        result.applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}
