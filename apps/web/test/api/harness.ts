import { randomBytes } from "node:crypto";
import { createManagementToken, signUp, type ServiceContext } from "@switchboard/core";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { generateApiKey } from "@switchboard/keys";
import { createTestDatabase, createTestRedis, getFreePort, testMailInbox, type TestDatabase } from "@switchboard/testing";
import { startWebServer, type WebServer } from "../support/web-server";

/**
 * A real `next start` of the built dashboard on a fresh database, for black-box tests of route
 * handlers (management API, billing, webhooks, security headers): requests go through the same
 * proxy, auth and handlers as production.
 */
export interface ApiHarness {
  url: string;
  db: PrismaClient;
  logs: string[];
  close(): Promise<void>;
}

export async function startApiHarness(extraEnv: Record<string, string> = {}): Promise<ApiHarness> {
  const database: TestDatabase = await createTestDatabase();
  const db = createPrismaClient(database.url, { poolSize: 3 });
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const web: WebServer = await startWebServer({
    port,
    log: (l) => logs.push(l),
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: createTestRedis().url,
      SMTP_URL: testMailInbox().smtpUrl,
      AUTH_SECRET: "api-test-secret-api-test-secret",
      WEB_URL: url,
      AUTH_URL: url,
      SECRETS_KEYRING: `1:${Buffer.alloc(32, 5).toString("base64")}`,
      ...extraEnv,
    },
  }).catch(async (e: unknown) => {
    await db.$disconnect();
    await database.drop();
    throw new Error(`${String(e)}\n${logs.join("").slice(-3000)}`);
  });
  return {
    url,
    db,
    logs,
    async close() {
      await web.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
}

export interface TestTenant {
  tenantId: string;
  userId: string;
  email: string;
  password: string;
  /** Management token with read + write scopes (acts as admin). */
  token: string;
  /** Read-only management token (acts as viewer). */
  readToken: string;
  keyId: string;
  budgetId: string;
  requestId: string;
}

/**
 * A verified owner with a workspace, two management tokens, and one of each tenant-owned row the
 * management API exposes (key, budget, request log, usage).
 */
export async function makeTenant(db: PrismaClient, label: string): Promise<TestTenant> {
  const email = `${label}-${randomBytes(4).toString("hex")}@example.test`;
  const password = `${label} correct horse battery`;
  const { user, tenant } = await signUp({ db, input: { name: `${label} Owner`, email, password, workspaceName: `${label} workspace` } });
  await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
  const ctx: ServiceContext = { db, tenantId: tenant.id, actor: { type: "user", userId: user.id, role: "owner" } };
  const { token } = await createManagementToken({ ctx, input: { name: "rw", scopes: ["read", "write"] } });
  const { token: readToken } = await createManagementToken({ ctx, input: { name: "ro", scopes: ["read"] } });
  const secret = generateApiKey();
  const key = await db.apiKey.create({ data: { tenantId: tenant.id, name: `${label} key`, keyHash: secret.hash, displayPrefix: secret.displayPrefix, createdById: user.id } });
  const budget = await db.budget.create({ data: { tenantId: tenant.id, scope: "tenant", amountPicoUsd: 10n ** 13n } });
  const requestId = `req_${label}_${randomBytes(6).toString("hex")}`;
  await db.requestLog.create({
    data: { requestId, createdAt: new Date(), tenantId: tenant.id, apiKeyId: key.id, endpoint: "/v1/chat/completions", requestedModel: "gpt-mock", servedModel: "mock/gpt-mock", provider: "mock", httpStatus: 200, outcome: "success", latencyMs: 42, costPicoUsd: 4_700_000n },
  });
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  await db.usageHourly.create({
    data: { tenantId: tenant.id, hour, apiKeyId: key.id, model: "mock/gpt-mock", provider: "mock", requests: 3n, promptTokens: 30n, completionTokens: 60n, costPicoUsd: 4_700_000n },
  });
  return { tenantId: tenant.id, userId: user.id, email, password, token, readToken, keyId: key.id, budgetId: budget.id, requestId };
}

export function bearer(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) } };
}

/** Cookies from Set-Cookie headers, merged into a Cookie header value. */
function mergeCookies(jar: Map<string, string>, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
  }
}

/**
 * Signs in through Auth.js's real credentials endpoint (CSRF token included) and returns the
 * Cookie header a browser would send. A random X-Forwarded-For keeps the per-IP sign-in limit
 * from being shared between tests.
 */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  mergeCookies(jar, csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl, "x-forwarded-for": ip },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/overview` }),
  });
  mergeCookies(jar, res);
  if (![...jar.keys()].some((k) => k.endsWith("authjs.session-token"))) throw new Error(`sign-in failed: ${res.status} ${res.headers.get("location")}`);
  return cookie();
}
