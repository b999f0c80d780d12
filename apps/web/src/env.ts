import "server-only";
import { z } from "zod";

/**
 * The only place apps/web reads `process.env`. Parsed lazily on first use so `next build` can
 * prerender static pages without a database configured, but every request path fails fast and
 * loudly on a misconfiguration.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  SMTP_URL: z.string().url().default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().default("Switchboard <no-reply@switchboard.local>"),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters"),
  WEB_URL: z.string().url().default("http://127.0.0.1:3000"),
  GATEWAY_PUBLIC_URL: z.string().url().default("http://127.0.0.1:8080/v1"),
  /** The model the overview's quick-start curl names: one this deployment serves (the start command sets the mock's). */
  QUICKSTART_MODEL: z.string().min(1).default("openai/gpt-4o-mini"),
  SECRETS_KEYRING: z.string().min(1, "SECRETS_KEYRING is required (format `1:<base64 32 bytes>`)"),
  STRIPE_SECRET_KEY: optional,
  /** Another Stripe API host, e.g. the local fake in tests. */
  STRIPE_API_BASE: optional.pipe(z.string().url().optional()),
  /** `whsec_…`: verifies /api/stripe/webhook signatures; unset = the route answers 503. */
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_METER_EVENT_NAME: z.string().min(1).default("switchboard_usage"),
  BILLING_MARKUP_BPS: z.coerce.number().int().min(0).max(100_000).default(0),
  SUSPEND_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_ID: optional,
  GOOGLE_SECRET: optional,
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse({
    ...process.env,
    // next-auth reads AUTH_URL itself; WEB_URL is ours. Accept either so one setting is enough.
    WEB_URL: process.env.WEB_URL ?? process.env.AUTH_URL,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment for apps/web:\n${issues}`);
  }
  cached = parsed.data;
  return cached;
}
