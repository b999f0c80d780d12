import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, getFreePort, startPostgres, startRedis, type PostgresHandle, type RedisHandle } from "@switchboard/devstack";
import { createPrismaClient, migrateDatabase, seedDemo } from "@switchboard/db";
import { generateApiKey } from "@switchboard/keys";
import { LOAD_CORE, REPO_DIR } from "./config.js";
import { pinPid, runQuiet, spawnPinned, waitForListen, type Proc } from "./procs.js";

/** Everything the targets share: the mock upstream, and Switchboard's Postgres and Redis with a seeded key. */
export interface Stack {
  tmpDir: string;
  logDir: string;
  mock: { url: string; port: number; proc: Proc };
  databaseUrl: string;
  redis: { url: string; port: number; pid: number };
  /** an API key with every limit and a hard budget configured (none of them ever denies during the bench) */
  apiKey: string;
  stop(): Promise<void>;
}

export async function startStack(opts: { streamChunks: number; log: (m: string) => void }): Promise<Stack> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  // As root, PostgreSQL runs as an unprivileged user that must be able to enter this folder.
  fs.chmodSync(tmpDir, 0o755);
  const logDir = path.join(tmpDir, "logs");
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };
  try {
    const mockPort = await getFreePort();
    const mockProc = spawnPinned("mock", LOAD_CORE, process.execPath, [path.join(REPO_DIR, "packages/mock-provider/dist/cli.js"), "--port", String(mockPort), "--no-record", "--chunks", String(opts.streamChunks)], { logDir });
    stops.push(() => mockProc.stop());
    await waitForListen(mockPort, mockProc);
    opts.log(`mock upstream on 127.0.0.1:${mockPort} (core ${LOAD_CORE})`);

    const pg: PostgresHandle = await startPostgres({ dataDir: path.join(tmpDir, "pg"), port: await getFreePort(), persistent: false });
    stops.push(() => pg.stop());
    await pinPostgres(path.join(tmpDir, "pg"));
    await ensureDatabase(pg.urlFor("postgres"), "bench");
    const databaseUrl = pg.urlFor("bench");
    await migrateDatabase(databaseUrl, { log: () => {} });

    const redis: RedisHandle = await startRedis({ port: await getFreePort() });
    stops.push(() => redis.stop());
    const redisPid = Number(/process_id:(\d+)/.exec(await redisCli(redis.port, ["INFO", "server"]))?.[1]);
    await pinPid(redisPid, LOAD_CORE);
    opts.log(`postgres on ${pg.port}, redis on ${redis.port} (pid ${redisPid}), both on core ${LOAD_CORE}`);

    const apiKey = await seedBenchKey(databaseUrl);
    return { tmpDir, logDir, mock: { url: `http://127.0.0.1:${mockPort}`, port: mockPort, proc: mockProc }, databaseUrl, redis: { url: redis.url, port: redis.port, pid: redisPid }, apiKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Seeds the demo tenant and key, then makes every limit run without ever denying: huge RPM/TPM and hard budgets. */
async function seedBenchKey(databaseUrl: string): Promise<string> {
  const key = generateApiKey();
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  try {
    const seeded = await seedDemo(prisma, { demoPasswordHash: "bench-no-login", demoApiKeyHash: key.hash, demoApiKeyPrefix: key.displayPrefix });
    const huge = 2_000_000_000;
    await prisma.apiKey.update({ where: { id: seeded.apiKeyId }, data: { rpmLimit: huge, tpmLimit: huge } });
    await prisma.budget.update({ where: { id: seeded.budgetId }, data: { amountPicoUsd: 10n ** 18n } });
    await prisma.budget.create({ data: { tenantId: seeded.tenantId, scope: "tenant", amountPicoUsd: 10n ** 18n, period: "monthly", enforcement: "hard" } });
    return key.key;
  } finally {
    await prisma.$disconnect();
  }
}

async function pinPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  // Backends are forked from the postmaster and inherit its affinity.
  if (pid) await pinPid(pid, LOAD_CORE).catch(() => {});
}

export function redisCli(port: number, args: string[]): Promise<string> {
  return runQuiet("redis-cli", ["-p", String(port), ...args]);
}

// No worker consumes usage events during the bench, so BullMQ jobs pile up in Redis; drop them between phases.
const DROP_USAGE_QUEUE = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('UNLINK', k) n = n + 1 end return n";

export async function flushUsageQueue(stack: Stack): Promise<void> {
  await redisCli(stack.redis.port, ["EVAL", DROP_USAGE_QUEUE, "0", "{sb}:*"]);
}
