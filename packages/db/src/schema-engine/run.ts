// Offline access to a real Prisma schema engine: Prisma 6.19.3's CLI (installed as the `prisma6`
// alias) with its bundled WebAssembly engine over a driver adapter. Used to write migrations and
// to prove schema.prisma and prisma/migrations agree. Tooling only: never imported by apps.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, "../..");
export const repoDir = resolve(packageDir, "../..");
export const defaultSchemaPath = join(repoDir, "prisma", "schema.prisma");
export const defaultMigrationsDir = join(repoDir, "prisma", "migrations");

export interface EngineResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Prisma 6 insists on a datasource `url` that Prisma 7 forbids, and may not understand Prisma 7
 * generator options: derive a copy with a placeholder url (the adapter is what connects) and no
 * generator block.
 */
export function toPrisma6Schema(schema: string): string {
  const withoutGenerators = schema.replace(/^generator\s+\w+\s*\{[^}]*\}\s*$/gm, "");
  const patched = withoutGenerators.replace(/^(datasource\s+\w+\s*\{)/m, '$1\n  url = "postgresql://unused@localhost/unused"');
  if (patched === withoutGenerators) throw new Error("schema has no datasource block");
  return patched;
}

function placeholderEngine(): string {
  const dir = join(packageDir, "node_modules", ".cache", "switchboard-db");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "schema-engine-placeholder");
  if (!existsSync(file)) writeFileSync(file, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  return file;
}

/** Runs the Prisma 6 CLI with our adapter config. `databaseUrl` needs CREATEDB for shadow databases. */
export function runPrisma6(args: string[], opts: { databaseUrl: string; schemaPath?: string; migrationsDir?: string }): Promise<EngineResult> {
  const require = createRequire(join(packageDir, "package.json"));
  const cli = join(dirname(require.resolve("prisma6/package.json")), "build", "index.js");
  const placeholder = placeholderEngine();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Prisma 6 tries to download native engines before any command; these are never executed
    // because `engine: "js"` uses the bundled wasm engine.
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    SB_SCHEMA_ENGINE_DATABASE_URL: opts.databaseUrl,
    SB_SCHEMA_ENGINE_SCHEMA: opts.schemaPath ?? "",
    SB_SCHEMA_ENGINE_MIGRATIONS: opts.migrationsDir ?? defaultMigrationsDir,
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args, "--config", join(here, "prisma6.config.ts")], { cwd: packageDir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ status: code ?? 1, stdout, stderr }));
  });
}

function withPrisma6Schema<T>(schemaPath: string, fn: (dir: string, schema6Path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "sb-schema-engine-"));
  const schema6Path = join(dir, "schema.prisma");
  writeFileSync(schema6Path, toPrisma6Schema(readFileSync(schemaPath, "utf8")));
  return fn(dir, schema6Path).finally(() => rmSync(dir, { recursive: true, force: true }));
}

export interface DiffResult {
  /** true when the two sides describe the same database */
  empty: boolean;
  /** SQL that turns the `from` side into the `to` side */
  sql: string;
}

function toDiffResult(result: EngineResult, what: string): DiffResult {
  // --exit-code: 0 = no difference, 2 = difference, anything else = failure
  if (result.status !== 0 && result.status !== 2) {
    throw new Error(`prisma migrate diff (${what}) failed with exit code ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return { empty: result.status === 0, sql: result.stdout };
}

/** SQL that brings a database built from the migrations directory to schema.prisma (uses a shadow database). */
export async function diffMigrationsToSchema(opts: { databaseUrl: string; schemaPath?: string; migrationsDir?: string }): Promise<DiffResult> {
  return withPrisma6Schema(opts.schemaPath ?? defaultSchemaPath, async (_dir, schema6Path) => {
    const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir;
    const hasMigrations = existsSync(join(migrationsDir, "migration_lock.toml"));
    const from = hasMigrations ? ["--from-migrations", migrationsDir] : ["--from-empty"];
    const result = await runPrisma6(["migrate", "diff", ...from, "--to-schema-datamodel", schema6Path, "--script", "--exit-code"], {
      databaseUrl: opts.databaseUrl,
    });
    return toDiffResult(result, "migrations → schema");
  });
}

/** SQL that brings the live database at `databaseUrl` to schema.prisma (introspects it with `db pull`). */
export async function diffDatabaseToSchema(opts: { databaseUrl: string; schemaPath?: string }): Promise<DiffResult> {
  return withPrisma6Schema(opts.schemaPath ?? defaultSchemaPath, async (dir, schema6Path) => {
    // introspect into a datasource-only schema so nothing is "enriched" from our own schema
    const pullPath = join(dir, "pulled.prisma");
    writeFileSync(pullPath, 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused@localhost/unused"\n}\n');
    const pulled = await runPrisma6(["db", "pull", "--print", "--schema", pullPath], { databaseUrl: opts.databaseUrl, schemaPath: pullPath });
    if (pulled.status !== 0) throw new Error(`prisma db pull failed with exit code ${pulled.status}:\n${pulled.stderr}${pulled.stdout}`);
    // the CLI prints a driver-adapter warning on stdout ahead of the schema
    const start = pulled.stdout.search(/^(datasource|generator|model|enum) /m);
    if (start < 0) throw new Error(`prisma db pull printed no schema:\n${pulled.stdout}`);
    writeFileSync(pullPath, pulled.stdout.slice(start));
    const result = await runPrisma6(
      ["migrate", "diff", "--from-schema-datamodel", pullPath, "--to-schema-datamodel", schema6Path, "--script", "--exit-code"],
      { databaseUrl: opts.databaseUrl },
    );
    return toDiffResult(result, "database → schema");
  });
}

/** Prisma Migrate's own `migrate status` / `migrate deploy`, to prove interoperability with our runner. */
export async function prismaMigrate(command: "status" | "deploy", opts: { databaseUrl: string; migrationsDir?: string }): Promise<EngineResult> {
  return withPrisma6Schema(defaultSchemaPath, (_dir, schema6Path) =>
    runPrisma6(["migrate", command], { databaseUrl: opts.databaseUrl, schemaPath: schema6Path, migrationsDir: opts.migrationsDir }),
  );
}
