import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { jobCatalog, type JobName, type JobPayload } from "@switchboard/queue";
import type { Logger } from "../log/logger.js";
import type { Metrics } from "../health/metrics.js";

export type JobProcessor<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<unknown>;

export interface JobWorkerOptions {
  connection: Redis;
  log: Logger;
  metrics: Metrics;
  lockMs: number;
  prefix: string;
  concurrency?: number;
}

/**
 * A BullMQ worker for one catalog job. The payload is validated again on this side: a job written
 * by an older or newer producer fails at once (UnrecoverableError, straight to the dead-letter set)
 * instead of being retried with a shape the processor would misread.
 */
const INFRA_RETRY_MS = 5_000;

/** Connection-level failures (refused, reset, timed out, server shutting down) as opposed to bad data. */
export function isInfrastructureDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  const code = e.code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"].includes(code)) return true;
  if (/Connection terminated|connection (?:timeout|error)|terminating connection|Client has encountered a connection error/i.test(e.message ?? "")) return true;
  return e.cause !== undefined && e.cause !== err && isInfrastructureDown(e.cause);
}

export function runJobWorker<N extends JobName>(name: N, processor: JobProcessor<N>, opts: JobWorkerOptions): Worker {
  const def = jobCatalog[name];
  const worker = new Worker(
    def.queue,
    async (job: Job, token?: string) => {
      const parsed = def.schema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      try {
        return await processor(parsed.data as JobPayload<N>, job);
      } catch (err) {
        // Postgres (or SMTP/Stripe network) unreachable is not the job's fault: wait without spending an
        // attempt, so a long outage never pushes good jobs into the dead-letter set.
        if (token && isInfrastructureDown(err)) {
          opts.metrics.inc(`jobs_postponed_total{job="${name}"}`);
          await job.moveToDelayed(Date.now() + INFRA_RETRY_MS, token);
          throw new DelayedError();
        }
        throw err;
      }
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? def.policy.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: opts.lockMs,
      // Jobs a crashed worker held are retried; only a job that keeps killing workers is dead-lettered.
      maxStalledCount: 3,
    },
  );
  worker.on("completed", () => opts.metrics.inc(`jobs_completed_total{job="${name}"}`));
  worker.on("failed", (job, err) => {
    opts.metrics.inc(`jobs_failed_total{job="${name}"}`);
    const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError : true;
    opts.log[final ? "error" : "warn"]("job failed", { job: name, jobId: job?.id, attempt: job?.attemptsMade, final, err });
  });
  worker.on("error", (err) => opts.log.error("worker error", { job: name, err }));
  return worker;
}
