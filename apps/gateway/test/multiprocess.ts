import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { generateApiKey } from "@switchboard/keys";
import { startMockProvider, type MockProvider } from "@switchboard/mock-provider";
import { QUEUE_PREFIX, jobCatalog, usageEventsOf, type UsageEvent } from "@switchboard/queue";
import { createTestDatabase, createTestRedis, getFreePort, type TestDatabase } from "@switchboard/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import OpenAI from "openai";
import type { KeyOptions } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const gatewayDir = path.resolve(here, "..");
const repoRoot = path.resolve(gatewayDir, "../..");
// SB_GATEWAY_DIST runs another bundle (e.g. a candidate fix built elsewhere) instead of building dist/main.js.
const distMain = process.env.SB_GATEWAY_DIST ?? path.join(gatewayDir, "dist/main.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds `apps/gateway/dist/main.js` when it is missing or older than the gateway's or a workspace
 * package's source, so child processes always run the code under test. A lock file keeps test files
 * running in parallel from bundling at the same time.
 */
export function ensureGatewayBuilt(): void {
  if (process.env.SB_GATEWAY_DIST) return;
  const sources = Math.max(newestMtime(path.join(gatewayDir, "src")), newestMtime(path.join(repoRoot, "packages")));
  const fresh = () => fs.existsSync(distMain) && fs.statSync(distMain).mtimeMs >= sources;
  if (fresh()) return;
  // Outside the checkout, so a lock never ends up in a commit.
  const lock = path.join(os.tmpdir(), "switchboard-gateway-build.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = fs.openSync(lock, "wx");
    } catch {
      // Someone else is building; a lock older than 2 minutes is a leftover.
      if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error("timed out waiting for another gateway build");
      spawnSync("sleep", ["0.2"]);
      continue;
    }
    try {
      if (fresh()) return;
      const r = spawnSync("pnpm", ["--filter", "@switchboard/gateway", "build"], { cwd: repoRoot, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`gateway build failed:\n${r.stdout}\n${r.stderr}`);
      return;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}

export interface ChildGateway {
  port: number;
  baseURL: string;
  proc: ChildProcess;
  /** Everything the child wrote to stdout/stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** SIGTERM (graceful drain) and wait for the exit. */
  stop(): Promise<number | null>;
}

/** Starts the built gateway (`node apps/gateway/dist/main.js`) and waits until it is listening and /health answers. */
export async function startChildGateway(env: { databaseUrl: string; redisUrl: string; redisPrefix: string; mockUrl: string; port?: number; extra?: Record<string, string> }): Promise<ChildGateway> {
  const port = env.port ?? (await getFreePort());
  let out = "";
  const proc = spawn(process.execPath, [distMain], {
    cwd: gatewayDir,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.redisPrefix,
      MOCK_PROVIDER_URL: env.mockUrl,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      LOG_LEVEL: "warn",
      ...env.extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes("gateway listening on http://")) resolve();
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`gateway exited with ${code} before listening:\n${out}`)));
  });
  const baseURL = `http://127.0.0.1:${port}/v1`;
  // LOG_LEVEL=warn hides the info-level "listening" line, so /health is the readiness signal too.
  const healthy = (async () => {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`gateway did not start in 30 s:\n${out}`)), 30_000).unref());
  try {
    await Promise.race([Promise.any([listening, healthy]), timeout, exited.then((code) => Promise.reject(new Error(`gateway exited with ${code}:\n${out}`)))]);
  } catch (err) {
    proc.kill("SIGKILL");
    throw err;
  }
  return {
    port,
    baseURL,
    proc,
    output: () => out,
    exited,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      return exited;
    },
  };
}

export interface SharedStack {
  db: TestDatabase;
  prisma: PrismaClient;
  mock: MockProvider;
  redisUrl: string;
  redisPrefix: string;
  redis: Redis;
  gateways: ChildGateway[];
  startGateway(port?: number, extraEnv?: Record<string, string>): Promise<ChildGateway>;
  createKey(opts?: KeyOptions): Promise<{ key: string; keyId: string; tenantId: string; keyHash: string }>;
  client(baseURL: string, key: string, opts?: Partial<ConstructorParameters<typeof OpenAI>[0]>): OpenAI;
  close(): Promise<void>;
}

/** One database, one Redis prefix and one mock provider shared by any number of child gateways. */
export async function startSharedStack(): Promise<SharedStack> {
  ensureGatewayBuilt();
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  const mock = await startMockProvider({ port: 0 });
  const r = createTestRedis();
  const redis = new Redis(r.url);
  const gateways: ChildGateway[] = [];
  return {
    db,
    prisma,
    mock,
    redisUrl: r.url,
    redisPrefix: r.prefix,
    redis,
    gateways,
    async startGateway(port, extraEnv) {
      const g = await startChildGateway({ databaseUrl: db.url, redisUrl: r.url, redisPrefix: r.prefix, mockUrl: mock.url, port, extra: extraEnv });
      gateways.push(g);
      return g;
    },
    async createKey(opts = {}) {
      const tenantId =
        opts.tenantId ?? (await prisma.tenant.create({ data: { name: "Multiprocess tenant", slug: `t-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` } })).id;
      const { key, hash, displayPrefix } = generateApiKey();
      const row = await prisma.apiKey.create({
        data: { tenantId, name: "test key", keyHash: hash, displayPrefix, allowedModels: opts.allowedModels ?? [], rpmLimit: opts.rpmLimit ?? null, tpmLimit: opts.tpmLimit ?? null, expiresAt: opts.expiresAt ?? null },
      });
      if (opts.budgetPicoUsd !== undefined) {
        await prisma.budget.create({ data: { tenantId, apiKeyId: opts.budgetScope === "key" ? row.id : null, scope: opts.budgetScope ?? "tenant", amountPicoUsd: opts.budgetPicoUsd, period: "monthly", enforcement: "hard" } });
      }
      return { key, keyId: row.id, tenantId, keyHash: hash };
    },
    client: (baseURL, key, opts = {}) => new OpenAI({ apiKey: key, baseURL, maxRetries: 0, ...opts }),
    async close() {
      await Promise.allSettled(gateways.map((g) => g.stop()));
      await mock.close();
      redis.disconnect();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/**
 * Usage events of one tenant, read straight from the gateway's BullMQ queue (every job state: a worker
 * of another test may have picked some up). The queue is shared by the whole run, hence the tenant filter.
 * A job carries a batch of events (one per gateway tick); each event comes with the id of its job.
 *
 * One entry per request id, as the worker ingests them (its insert is idempotent by request id): a
 * journal replay after a gateway crash may enqueue an event again, in another batch. Such a copy must
 * be identical to the first; two different events for one request id throw.
 */
export async function usageEventsFor(redisUrl: string, tenantId: string): Promise<Array<{ jobId: string; event: UsageEvent }>> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: QUEUE_PREFIX });
  try {
    const jobs = await queue.getJobs(["waiting", "active", "completed", "failed", "delayed", "prioritized", "waiting-children"]);
    const byRequest = new Map<string, { jobId: string; event: UsageEvent; json: string }>();
    for (const job of jobs) {
      if (!job) continue;
      for (const event of usageEventsOf(job.data) as UsageEvent[]) {
        if (event.tenantId !== tenantId) continue;
        const json = JSON.stringify(event);
        const first = byRequest.get(event.requestId);
        if (!first) byRequest.set(event.requestId, { jobId: job.id!, event, json });
        else if (first.json !== json) throw new Error(`two different usage events for request ${event.requestId}:\n${first.json}\n${json}`);
      }
    }
    return [...byRequest.values()].map(({ jobId, event }) => ({ jobId, event }));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Polls until `count` usage events of the tenant are in the queue (events are published after the response). */
export async function waitForUsageEvents(redisUrl: string, tenantId: string, count: number, timeoutMs = 10_000): Promise<UsageEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = (await usageEventsFor(redisUrl, tenantId)).map((e) => e.event);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
}
