import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** The worker's whole configuration, validated once at start-up; nothing else reads process.env. */
export const envSchema = z.object({
  DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  SMTP_URL: z.url(),
  SMTP_FROM: z.string().min(3).default("Switchboard <alerts@switchboard.local>"),
  WEB_URL: z.url().default("http://localhost:3000"),
  /** Absent = ledger-only billing: meter reports are recorded, nothing is sent to Stripe. */
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  /** Points the Stripe SDK at another host (the local fake in tests), e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_METER_EVENT_NAME: z.string().regex(/^[a-z0-9_]+$/).default("switchboard_usage"),
  BILLING_MARKUP_BPS: z.coerce.number().int().min(0).max(100_000).default(0),
  // Meter windows are cut from hourly rollups, so a window is a whole number of hours.
  METER_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .refine((m) => m % 60 === 0 && 1440 % m === 0, "METER_WINDOW_MINUTES must be a multiple of 60 that divides a day")
    .default(60),
  RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  SUSPEND_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  SLACK_WEBHOOK_URL: z.url().optional(),
  WORKER_HOST: z.string().default("127.0.0.1"),
  /** OTLP/HTTP collector base URL; traces are off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(9091),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Most usage jobs a worker process holds at once; their events are written in batches of INGEST_BATCH_SIZE. */
  USAGE_CONCURRENCY: z.coerce.number().int().positive().default(2_000),
  /**
   * A usage job carries 1 to 1 000 events (a gateway tick's): fewer jobs are held when they are big, so
   * about this many events are in process at once (a backlog of full batches must not fill the heap).
   */
  USAGE_MAX_EVENTS_IN_FLIGHT: z.coerce.number().int().positive().default(20_000),
  INGEST_BATCH_SIZE: z.coerce.number().int().positive().default(1_000),
  INGEST_MAX_WAIT_MS: z.coerce.number().int().positive().default(25),
  /** How long a crashed worker's jobs stay locked before another worker takes them over. */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** Register repeatable jobs (rollups, retention, metering, suspension) at start-up. */
  SCHEDULE_REPEATABLES: bool.default(true),
  /** BullMQ key prefix; must match the gateway's producer. A Redis Cluster hash tag by default. */
  QUEUE_PREFIX: z.string().min(1).default("{sb}"),
  PG_POOL_SIZE: z.coerce.number().int().positive().default(8),
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid worker environment:\n${problems}`);
  }
  return parsed.data;
}
