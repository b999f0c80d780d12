import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@switchboard/db";
import { encryptSecret, generateApiKey, parseKeyring } from "@switchboard/keys";
import { Redis } from "ioredis";
import OpenAI from "openai";
import pg from "pg";

export interface SeededKey {
  key: string;
  keyId: string;
  keyHash: string;
  tenantId: string;
}

export async function createTenant(prisma: PrismaClient, opts: { storeRequestBodies?: boolean } = {}): Promise<string> {
  const slug = `ops-${randomBytes(5).toString("hex")}`;
  const t = await prisma.tenant.create({ data: { name: `Ops ${slug}`, slug, storeRequestBodies: opts.storeRequestBodies ?? false } });
  return t.id;
}

export async function createKey(
  prisma: PrismaClient,
  opts: { tenantId?: string; rpmLimit?: number; budgetPicoUsd?: bigint; storeRequestBodies?: boolean } = {},
): Promise<SeededKey> {
  const tenantId = opts.tenantId ?? (await createTenant(prisma, { storeRequestBodies: opts.storeRequestBodies }));
  const { key, hash, displayPrefix } = generateApiKey();
  const row = await prisma.apiKey.create({ data: { tenantId, name: "ops key", keyHash: hash, displayPrefix, rpmLimit: opts.rpmLimit ?? null } });
  if (opts.budgetPicoUsd !== undefined) {
    await prisma.budget.create({ data: { tenantId, scope: "tenant", amountPicoUsd: opts.budgetPicoUsd, period: "monthly", enforcement: "hard" } });
  }
  return { key, keyId: row.id, keyHash: hash, tenantId };
}

/** Revoke the way the dashboard does: the row, the Redis copy, then the broadcast. */
export async function revokeKey(prisma: PrismaClient, redis: Redis, k: SeededKey): Promise<void> {
  await prisma.apiKey.update({ where: { id: k.keyId }, data: { revokedAt: new Date() } });
  await redis.del(`sb:apikey:${k.keyHash}`);
  await redis.publish("sb:apikey:invalidate", k.keyHash);
}

/** A tenant's own provider credential (BYOK), encrypted as the dashboard stores it. */
export async function addByokCredential(
  prisma: PrismaClient,
  opts: { tenantId: string; keyring: string; provider: string; baseUrl: string; secret: string },
): Promise<string> {
  const row = await prisma.providerCredential.create({
    data: { tenantId: opts.tenantId, provider: opts.provider, kind: "openai-compatible", name: `byok-${randomBytes(3).toString("hex")}`, baseUrl: opts.baseUrl, encryptedSecret: Buffer.from("pending"), keyVersion: 1 },
  });
  const ct = encryptSecret(opts.secret, parseKeyring(opts.keyring), { context: `provider_credential:${row.id}` });
  await prisma.providerCredential.update({ where: { id: row.id }, data: { encryptedSecret: Buffer.from(ct, "utf8") } });
  return row.id;
}

export function client(baseURL: string, key: string, opts: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({ apiKey: key, baseURL, maxRetries: 0, timeout: 60_000, ...opts });
}

export type Outcome =
  | { ok: true; requestId: string | null; headers: Headers; body: unknown }
  | { ok: false; status: number; code: string | null; message: string; requestId: string | null; headers: Headers; body: unknown; transport?: string };

/** One chat request through the SDK; API errors and transport failures become data. */
export async function chat(c: OpenAI, content: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
  try {
    const { data, response } = await c.chat.completions.create({ model: "gpt-mock", messages: [{ role: "user", content }], ...extra } as never).withResponse();
    return { ok: true, requestId: response.headers.get("x-request-id"), headers: response.headers, body: data };
  } catch (e) {
    if (e instanceof OpenAI.APIError && e.status !== undefined) {
      return { ok: false, status: e.status, code: (e.code as string | null) ?? null, message: e.message, requestId: e.headers?.get("x-request-id") ?? null, headers: e.headers ?? new Headers(), body: e.error };
    }
    return { ok: false, status: 0, code: null, message: String(e), requestId: null, headers: new Headers(), body: null, transport: String(e) };
  }
}

/** Plain pg queries against the test database (numbers as bigint-safe strings). */
export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function requestLogCount(url: string, tenantId: string): Promise<number> {
  const [r] = await query<{ n: string }>(url, "SELECT count(*)::text AS n FROM request_logs WHERE tenant_id = $1", [tenantId]);
  return Number(r!.n);
}

/** request_logs per-request sums vs usage_hourly sums for one tenant: they must be equal. */
export async function rollupVsLogs(url: string, tenantId: string) {
  const [logs] = await query<Record<string, string>>(
    url,
    `SELECT count(*)::text AS requests, coalesce(sum(prompt_tokens),0)::text AS prompt, coalesce(sum(completion_tokens),0)::text AS completion,
            coalesce(sum(cost_pico_usd),0)::text AS cost, coalesce(sum(latency_ms),0)::text AS latency,
            count(*) FILTER (WHERE outcome = 'error')::text AS errors
       FROM request_logs WHERE tenant_id = $1`,
    [tenantId],
  );
  const [hourly] = await query<Record<string, string>>(
    url,
    `SELECT coalesce(sum(requests),0)::text AS requests, coalesce(sum(prompt_tokens),0)::text AS prompt, coalesce(sum(completion_tokens),0)::text AS completion,
            coalesce(sum(cost_pico_usd),0)::text AS cost, coalesce(sum(latency_ms_sum),0)::text AS latency, coalesce(sum(errors),0)::text AS errors
       FROM usage_hourly WHERE tenant_id = $1`,
    [tenantId],
  );
  return { logs: logs!, hourly: hourly! };
}
