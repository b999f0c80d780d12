import type { Server } from "node:http";
import type { Worker } from "bullmq";
import pg from "pg";
import { createJobProducer, createWorkerConnection, jobCatalog, jobNames, type JobName } from "@switchboard/queue";
import type { Env } from "./env.js";
import type { Logger } from "./log/logger.js";
import { createMetrics } from "./health/metrics.js";
import { startHealthServer } from "./health/server.js";
import { runJobWorker } from "./jobs/run-job-worker.js";
import { createUsageIngest } from "./ingest/usage-ingest.js";
import { createUsageConcurrency } from "./ingest/usage-concurrency.js";
import { initTracing } from "@switchboard/telemetry";
import { defaultRollupDays, recomputeDailyRollup } from "./rollups/daily-rollup.js";
import { deleteExpiredRequestLogs } from "./rollups/retention.js";
import { createAlertJobs } from "./alerts/alert-jobs.js";
import { createBillingJobs } from "./billing/billing-jobs.js";

export interface WorkerApp {
  port: number;
  stop(): Promise<void>;
}

/** Assembles the worker: one BullMQ worker per catalog job, the health server, the schedulers. */
export async function startWorkerApp(env: Env, log: Logger): Promise<WorkerApp> {
  const metrics = createMetrics();
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.PG_POOL_SIZE, application_name: "switchboard-worker" });
  pool.on("error", (err) => log.error("postgres pool error", { err }));
  const connection = createWorkerConnection(env.REDIS_URL);
  connection.on("error", (err) => log.warn("redis connection error", { err: err.message }));
  const producer = createJobProducer(env.REDIS_URL, { prefix: env.QUEUE_PREFIX });
  const common = { connection, log, metrics, lockMs: env.JOB_LOCK_MS, prefix: env.QUEUE_PREFIX };

  const tracing = initTracing(env.OTEL_EXPORTER_OTLP_ENDPOINT, "switchboard-worker");
  const usageConcurrency = createUsageConcurrency({ maxJobs: env.USAGE_CONCURRENCY, maxEventsInFlight: env.USAGE_MAX_EVENTS_IN_FLIGHT });
  let usageWorker: Worker | null = null;
  const ingest = createUsageIngest({
    pool,
    producer,
    log,
    metrics,
    batchSize: env.INGEST_BATCH_SIZE,
    maxWaitMs: env.INGEST_MAX_WAIT_MS,
    tracing,
    onJobStart(events) {
      const next = usageConcurrency.observe(events);
      if (usageWorker && usageWorker.concurrency !== next) usageWorker.concurrency = next;
    },
  });
  const alerts = createAlertJobs({ env, pool, producer, log, redis: connection });
  const billing = await createBillingJobs({ env, pool, producer, log, redis: connection });

  usageWorker = runJobWorker("usage", ingest.processor, { ...common, concurrency: usageConcurrency.initial });
  const workers: Worker[] = [
    usageWorker,
    runJobWorker(
      "rollup-daily",
      async (p) => {
        const days = p.days ?? defaultRollupDays();
        let rows = 0;
        for (const day of days) rows += await recomputeDailyRollup(pool, day);
        log.info("daily rollup recomputed", { days, rows });
        return { days, rows };
      },
      common,
    ),
    runJobWorker(
      "retention",
      async (p) => {
        const days = p.days ?? env.RETENTION_DAYS;
        const deleted = await deleteExpiredRequestLogs(pool, days);
        log.info("request logs expired", { days, deleted });
        return { deleted };
      },
      common,
    ),
    runJobWorker("budget-check", alerts.budgetCheck, common),
    runJobWorker("alert-email", alerts.alertEmail, common),
    runJobWorker("meter-tick", billing.meterTick, common),
    runJobWorker("meter-report", billing.meterReport, common),
    runJobWorker("suspend-overdue", billing.suspendOverdue, common),
  ];

  if (env.SCHEDULE_REPEATABLES) {
    const scheduled = await producer.scheduleRepeatables();
    log.info("repeatable jobs scheduled", { jobs: scheduled });
  }

  let stopping = false;
  const server: Server = await startHealthServer({
    port: env.WORKER_PORT,
    host: env.WORKER_HOST,
    metrics,
    async ready() {
      if (stopping) return false;
      const [pong] = await Promise.all([connection.ping(), pool.query("SELECT 1")]);
      return pong === "PONG" && workers.every((w) => w.isRunning());
    },
    async collect() {
      await Promise.all(
        jobNames.map(async (name: JobName) => {
          const counts = await producer.queue(name).getJobCounts("waiting", "active", "delayed", "failed");
          for (const [state, n] of Object.entries(counts)) metrics.set(`queue_jobs{queue="${jobCatalog[name].queue}",state="${state}"}`, n);
        }),
      );
      const s = ingest.batcher.stats();
      metrics.set("usage_batcher_pending", ingest.batcher.pendingCount());
      metrics.set("usage_batcher_failed_events", s.failedEvents);
      metrics.set("usage_worker_concurrency", usageWorker?.concurrency ?? 0);
      metrics.set("usage_mean_events_per_job", Math.round(usageConcurrency.meanJobSize()));
    },
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.WORKER_PORT;
  log.info("worker started", { port, stripe: billing.mode, usageConcurrency: env.USAGE_CONCURRENCY, usageMaxEventsInFlight: env.USAGE_MAX_EVENTS_IN_FLIGHT });

  return {
    port,
    async stop() {
      stopping = true;
      log.info("worker stopping: finishing active jobs");
      // Stop fetching, let active jobs finish; the usage jobs finish when their batch commits.
      const closing = Promise.all(workers.map((w) => w.close()));
      await ingest.batcher.drain();
      await closing;
      await Promise.all([producer.close(), alerts.close(), billing.close()]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      connection.disconnect();
      await pool.end();
      await tracing?.shutdown();
      log.info("worker stopped", { ...ingest.batcher.stats() });
    },
  };
}
