import { randomBytes } from "node:crypto";
import { createTestDatabase, createTestRedis, type TestDatabase } from "@switchboard/testing";
import { loadEnv, type Env } from "../env.js";

export interface TestWorkerEnv {
  env: Env;
  db: TestDatabase;
  /** Raw variables, for spawning the worker as a child process. */
  vars: Record<string, string>;
}

/**
 * A fresh migrated database and a unique queue prefix on the run's shared Redis, so test files
 * running in parallel never see each other's jobs.
 */
export async function createTestWorkerEnv(overrides: Record<string, string> = {}): Promise<TestWorkerEnv> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const vars: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    SMTP_URL: "smtp://127.0.0.1:1",
    WEB_URL: "http://localhost:3000",
    WORKER_PORT: "0",
    QUEUE_PREFIX: `{t${randomBytes(4).toString("hex")}}`,
    SCHEDULE_REPEATABLES: "false",
    LOG_LEVEL: "warn",
    JOB_LOCK_MS: "2000",
    PG_POOL_SIZE: "4",
    ...overrides,
  };
  return { env: loadEnv(vars), db, vars };
}

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? x.toString() : x))}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
