import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** The gateway's whole configuration surface from the environment, validated once at start. */
const envSchema = z.object({
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url(),
  /**
   * Base URL of the mock provider (the demo and test upstream; it serves all three wire formats). Its
   * models exist only when this is set, so a production gateway never lists them.
   */
  MOCK_PROVIDER_URL: z.string().url().optional(),
  SWITCHBOARD_CONFIG: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  /** Cap on an upstream's non-streaming response body. */
  MAX_UPSTREAM_BODY_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** Connections per upstream origin; unset = unlimited (a limit queues streams beyond it). */
  UPSTREAM_MAX_CONNECTIONS: z.coerce.number().int().positive().optional().transform((v) => v ?? null),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(25_000),
  /** Prefix of every limiter key in Redis (tests isolate with their own). */
  REDIS_PREFIX: z.string().default("sb:"),
  /** AES-256-GCM keyring for tenant provider credentials (BYOK): "1:<base64 32 bytes>,2:…". */
  SECRETS_KEYRING: z.string().optional(),
  /** Let tenant (BYOK) base URLs reach loopback/private addresses (self-hosted upstreams on the same network). */
  ALLOW_PRIVATE_UPSTREAMS: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); traces are off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** Where usage events are journaled until Redis has them ("off" disables). Shared by the gateways of one host. */
  USAGE_JOURNAL_DIR: z.string().default(path.join(os.tmpdir(), "switchboard-usage-journal")),
  /**
   * Optimistic admission (handlers/early-start.ts): start the upstream call alongside the admit round trip when a
   * key has room. "off" for operators who would rather never send a request that admission may still refuse.
   */
  EARLY_START: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type GatewayEnv = z.infer<typeof envSchema> & { providerEnv: Record<string, string | undefined> };

export function loadEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid gateway environment:\n${lines}`);
  }
  // Provider credentials and base URLs are named by the catalog (apiKeyEnv/baseUrlEnv); pass them through as data.
  const providerEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) if (/_API_KEY$|_BASE_URL$/.test(k)) providerEnv[k] = v;
  return { ...parsed.data, providerEnv };
}
