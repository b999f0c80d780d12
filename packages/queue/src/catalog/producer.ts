import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { createProducerConnection, type RedisConnectionInput } from "../connection/redis.js";
import { jobCatalog, QUEUE_PREFIX, type JobName, type JobPayload } from "./jobs.js";
import { toJobId } from "./job-id.js";

export interface EnqueueOptions {
  /** Stable id: adding a job whose id already exists (waiting, active, or kept completed) is a no-op. Escaped with toJobId. */
  jobId?: string;
  delayMs?: number;
  /** Overrides the catalog's attempts (e.g. a manual one-shot run). */
  attempts?: number;
  /** Collapse bursts: while a job with this id waits, later adds are dropped (debounce window ttlMs). */
  dedupe?: { id: string; ttlMs: number };
}

/** Options every job of `name` is added with, derived from the catalog policy. */
export function jobOptionsFor(name: JobName, extra: EnqueueOptions = {}): JobsOptions {
  const { policy } = jobCatalog[name];
  const opts: JobsOptions = {
    attempts: policy.attempts,
    backoff: policy.backoff,
    removeOnComplete: policy.keepCompleted,
    // Failed jobs stay: they are the dead-letter queue (`worker dlq list`).
    removeOnFail: false,
  };
  if (extra.jobId !== undefined) opts.jobId = toJobId(extra.jobId);
  if (extra.delayMs !== undefined) opts.delay = extra.delayMs;
  if (extra.attempts !== undefined) opts.attempts = extra.attempts;
  if (extra.dedupe) opts.deduplication = { id: extra.dedupe.id, ttl: extra.dedupe.ttlMs };
  return opts;
}

export interface JobProducer {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<string | undefined>;
  /** Register every periodic job of the catalog (idempotent: schedulers are upserted by name). */
  scheduleRepeatables(overrides?: Partial<Record<JobName, { pattern: string } | { every: number }>>): Promise<JobName[]>;
  queue(name: JobName): Queue;
  close(): Promise<void>;
}

export interface JobProducerOptions {
  /** Redis key prefix; tests use a unique one per file to share one Redis. */
  prefix?: string;
}

export function createJobProducer(connection: RedisConnectionInput, opts: JobProducerOptions = {}): JobProducer {
  const prefix = opts.prefix ?? QUEUE_PREFIX;
  const ownsConnection = !(connection instanceof Redis);
  const client: Redis = createProducerConnection(connection);
  const queues = new Map<JobName, Queue>();

  function queue(name: JobName): Queue {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(jobCatalog[name].queue, { connection: client, prefix });
      queues.set(name, q);
    }
    return q;
  }

  return {
    async enqueue(name, payload, opts) {
      const data = jobCatalog[name].schema.parse(payload);
      const job = await queue(name).add(name, data, jobOptionsFor(name, opts));
      return job.id;
    },
    async scheduleRepeatables(overrides = {}) {
      const scheduled: JobName[] = [];
      for (const name of Object.keys(jobCatalog) as JobName[]) {
        const schedule = overrides[name] ?? jobCatalog[name].policy.schedule;
        if (!schedule) continue;
        const { removeOnComplete, attempts, backoff } = jobOptionsFor(name);
        await queue(name).upsertJobScheduler(name, { ...schedule, tz: "UTC" }, {
          name,
          data: {},
          opts: { removeOnComplete, removeOnFail: false, attempts, backoff },
        });
        scheduled.push(name);
      }
      return scheduled;
    },
    queue,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      if (ownsConnection) client.disconnect();
    },
  };
}
