import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { generateApiKey } from "@switchboard/keys";
import { startMockProvider, type MockProvider } from "@switchboard/mock-provider";
import { createTestDatabase, createTestRedis } from "@switchboard/testing";
import OpenAI from "openai";
import { createGateway, type Gateway } from "../src/app.js";
import { loadEnv } from "../src/env.js";

export interface KeyOptions {
  tenantId?: string;
  allowedModels?: string[];
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  expiresAt?: Date | null;
  budgetPicoUsd?: bigint;
  budgetScope?: "tenant" | "key";
}

export interface TestGateway {
  baseURL: string;
  gateway: Gateway;
  prisma: PrismaClient;
  mock: MockProvider;
  redisUrl: string;
  redisPrefix: string;
  createTenant(name?: string): Promise<string>;
  createKey(opts?: KeyOptions): Promise<{ key: string; keyId: string; tenantId: string; keyHash: string }>;
  client(key: string, opts?: Partial<ConstructorParameters<typeof OpenAI>[0]>): OpenAI;
  close(): Promise<void>;
}

/**
 * A real gateway in-process on a free port, with a freshly migrated PostgreSQL database, the run's
 * Redis (own key prefix) and a real mock provider over HTTP. Nothing of ours is mocked.
 */
export async function startTestGateway(extraEnv: Record<string, string> = {}): Promise<TestGateway> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  const mock = await startMockProvider({ port: 0 });
  const redis = createTestRedis();
  const gateway = await createGateway(
    loadEnv({
      DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, MOCK_PROVIDER_URL: mock.url, GATEWAY_PORT: "0", LOG_LEVEL: "error",
      // Each test gateway journals on its own, so no test replays another's events.
      USAGE_JOURNAL_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "sb-journal-")),
      ...extraEnv,
    }),
  );
  const port = await gateway.listen();
  const baseURL = `http://127.0.0.1:${port}/v1`;
  let tenants = 0;

  const createTenant = async (name = `Tenant ${++tenants}`) => {
    const t = await prisma.tenant.create({ data: { name, slug: `t-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` } });
    return t.id;
  };

  return {
    baseURL,
    gateway,
    prisma,
    mock,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    createTenant,
    async createKey(opts = {}) {
      const tenantId = opts.tenantId ?? (await createTenant());
      const { key, hash, displayPrefix } = generateApiKey();
      const row = await prisma.apiKey.create({
        data: { tenantId, name: "test key", keyHash: hash, displayPrefix, allowedModels: opts.allowedModels ?? [], rpmLimit: opts.rpmLimit ?? null, tpmLimit: opts.tpmLimit ?? null, expiresAt: opts.expiresAt ?? null },
      });
      if (opts.budgetPicoUsd !== undefined) {
        await prisma.budget.create({ data: { tenantId, apiKeyId: opts.budgetScope === "key" ? row.id : null, scope: opts.budgetScope ?? "tenant", amountPicoUsd: opts.budgetPicoUsd, period: "monthly", enforcement: "hard" } });
      }
      return { key, keyId: row.id, tenantId, keyHash: hash };
    },
    client: (key, opts = {}) => new OpenAI({ apiKey: key, baseURL, maxRetries: 0, ...opts }),
    async close() {
      await gateway.close();
      await mock.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}
