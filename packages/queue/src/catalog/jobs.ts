import type { z } from "zod";
import { usageJobSchema } from "../usage-event/batch.js";
import {
  alertEmailPayload,
  budgetCheckPayload,
  meterReportPayload,
  meterTickPayload,
  retentionPayload,
  rollupDailyPayload,
  suspendOverduePayload,
} from "./payloads.js";

/** How a job is retried and kept. Failed jobs are always kept: the failed set is the dead-letter view. */
export interface JobPolicy {
  attempts: number;
  backoff: { type: "exponential" | "fixed"; delay: number };
  /** Jobs one worker process runs at once for this queue. */
  concurrency: number;
  /** Completed jobs kept (seconds / count) so a duplicate jobId added shortly after is ignored. */
  keepCompleted: { age: number; count: number };
  /** Repeat schedule, for periodic jobs (cron in UTC, or a fixed interval). */
  schedule?: { pattern: string } | { every: number };
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** Queue (and job) name; one queue per job so each gets its own concurrency and depth metric. */
  queue: string;
  schema: S;
  policy: JobPolicy;
}

function define<S extends z.ZodType>(queue: string, schema: S, policy: JobPolicy): JobDefinition<S> {
  return { queue, schema, policy };
}

const hour = 3_600;

/**
 * The job catalog. Every producer and processor goes through it, so a payload is validated on both
 * sides and retry policy lives in one place.
 */
export const jobCatalog = {
  // A batch of events per job ({ v: 1, events }) from current gateways; a single event from older ones.
  usage: define("usage", usageJobSchema, {
    attempts: 12,
    backoff: { type: "exponential", delay: 1_000 },
    // Most jobs held at once: many small jobs (a lightly loaded gateway's ticks, old single-event
    // jobs) are what let the ingest batcher gather big transactions. The worker scales this down
    // when jobs are big, so the events held stay bounded (USAGE_MAX_EVENTS_IN_FLIGHT).
    concurrency: 2_000,
    // A job now holds up to 1 000 events: 500 kept jobs is roughly the old 20 000 kept events at live
    // batch sizes, and still covers a producer's re-send, which comes within seconds.
    keepCompleted: { age: hour, count: 500 },
  }),
  "rollup-daily": define("rollup-daily", rollupDailyPayload, {
    attempts: 5,
    backoff: { type: "exponential", delay: 5_000 },
    concurrency: 1,
    keepCompleted: { age: 24 * hour, count: 100 },
    schedule: { pattern: "5 * * * *" },
  }),
  retention: define("retention", retentionPayload, {
    attempts: 5,
    backoff: { type: "exponential", delay: 30_000 },
    concurrency: 1,
    keepCompleted: { age: 24 * hour, count: 100 },
    schedule: { pattern: "17 3 * * *" },
  }),
  "meter-tick": define("meter-tick", meterTickPayload, {
    attempts: 3,
    backoff: { type: "fixed", delay: 10_000 },
    concurrency: 1,
    keepCompleted: { age: hour, count: 100 },
    schedule: { every: 5 * 60_000 },
  }),
  "meter-report": define("meter-report", meterReportPayload, {
    attempts: 10,
    backoff: { type: "exponential", delay: 5_000 },
    concurrency: 4,
    // Kept a week so the tick re-adding the same window (same jobId) is a no-op.
    keepCompleted: { age: 7 * 24 * hour, count: 100_000 },
  }),
  "budget-check": define("budget-check", budgetCheckPayload, {
    attempts: 5,
    backoff: { type: "exponential", delay: 2_000 },
    concurrency: 4,
    keepCompleted: { age: 60, count: 1_000 },
  }),
  "alert-email": define("alert-email", alertEmailPayload, {
    attempts: 8,
    backoff: { type: "exponential", delay: 5_000 },
    concurrency: 4,
    keepCompleted: { age: 24 * hour, count: 10_000 },
  }),
  "suspend-overdue": define("suspend-overdue", suspendOverduePayload, {
    attempts: 3,
    backoff: { type: "fixed", delay: 60_000 },
    concurrency: 1,
    keepCompleted: { age: 24 * hour, count: 100 },
    schedule: { pattern: "*/15 * * * *" },
  }),
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]["schema"]>;
export const jobNames = Object.keys(jobCatalog) as JobName[];

/**
 * Redis key prefix for every queue. The braces are a Redis Cluster hash tag: all of a queue's keys
 * must live in one slot for BullMQ's Lua scripts.
 */
export const QUEUE_PREFIX = "{sb}";
