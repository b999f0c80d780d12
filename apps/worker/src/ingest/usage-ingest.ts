import type { Job } from "bullmq";
import type { Pool } from "pg";
import { isUsageBatch, jobOptionsFor, usageEventSchema, type JobProducer, type UsageEvent } from "@switchboard/queue";
import type { Logger } from "../log/logger.js";
import type { Metrics } from "../health/metrics.js";
import { isInfrastructureDown, type JobProcessor } from "../jobs/run-job-worker.js";
import { createUsageBatcher, type UsageBatcher } from "./usage-batcher.js";
import { endSpan, startConsumerSpan, type Tracing } from "@switchboard/telemetry";

export interface UsageIngestOptions {
  pool: Pool;
  producer: JobProducer;
  log: Logger;
  metrics: Metrics;
  batchSize: number;
  maxWaitMs: number;
  /** Debounce window for budget checks: one check per tenant per window, after the window. */
  budgetCheckDelayMs?: number;
  /** When set, each event's ingestion is a span continuing the gateway request's trace. */
  tracing?: Tracing | null;
  /** Called as each job starts with how many events it carries (the worker sizes its concurrency on it). */
  onJobStart?: (events: number) => void;
}

export interface UsageIngest {
  processor: JobProcessor<"usage">;
  batcher: UsageBatcher;
}

export interface BatchJobResult {
  events: number;
  /** Events that failed validation, re-enqueued alone (`bad:<requestId>`) to land in the failed set. */
  invalid: number;
  /** Valid events Postgres refused while the rest of the job committed, re-enqueued alone (`split:<requestId>`). */
  split: number;
}

const requestIdOf = (event: unknown): string | undefined => {
  const id = (event as { requestId?: unknown } | null)?.requestId;
  return typeof id === "string" && id.length > 0 ? id : undefined;
};

/**
 * The "usage" job. A batch job (`{ v: 1, events }`, what gateways send) has each event validated here:
 * the valid ones go to the batcher and the job completes when all of them are committed; an invalid
 * one is logged and re-enqueued as a single-event job, which fails validation in its turn and lands in
 * the failed set (the dead-letter view) exactly as a bad single event from an older gateway does, so
 * one bad event never holds back or dead-letters its neighbours. A single-event job hands its event to
 * the batcher and completes when its batch commits.
 */
export function createUsageIngest(opts: UsageIngestOptions): UsageIngest {
  const delay = opts.budgetCheckDelayMs ?? 2_000;
  const batcher = createUsageBatcher({
    pool: opts.pool,
    maxBatch: opts.batchSize,
    maxWaitMs: opts.maxWaitMs,
    onCommitted(result, size) {
      opts.metrics.inc("usage_events_total", size);
      opts.metrics.inc("usage_rows_inserted_total", result.inserted);
      opts.metrics.inc("usage_duplicates_total", size - result.inserted);
      opts.metrics.inc("usage_batches_total");
      opts.log.debug("usage batch committed", { size, inserted: result.inserted, tenants: result.tenants.length });
      for (const tenantId of result.tenants) {
        // The rows are committed whatever happens here; a lost check is caught by the next batch.
        opts.producer
          .enqueue("budget-check", { tenantId }, { delayMs: delay, dedupe: { id: `budget-check:${tenantId}`, ttlMs: delay } })
          .catch((err: unknown) => opts.log.warn("budget-check enqueue failed", { tenantId, err }));
      }
    },
    onBatchError(err, size) {
      opts.metrics.inc("usage_batch_errors_total");
      opts.log.warn("usage batch failed", { size, err });
    },
  });
  const tracing = opts.tracing;
  const ingestEvent: (event: UsageEvent) => Promise<void> = tracing
    ? async (event) => {
        const span = startConsumerSpan(tracing, "usage.ingest", event.traceparent, { "switchboard.request_id": event.requestId, "switchboard.tenant_id": event.tenantId });
        try {
          await batcher.add(event);
          endSpan(span, 200);
        } catch (err) {
          endSpan(span, 500, String(err));
          throw err;
        }
      }
    : (event) => batcher.add(event);

  /** Re-enqueue one event of a batch as a single-event job; its id makes a retried batch re-add nothing. */
  async function enqueueAlone(kind: "bad" | "split", event: unknown, job: Job, index: number): Promise<void> {
    const id = `${kind}:${requestIdOf(event) ?? `${job.id ?? "?"}:${index}`}`;
    await opts.producer.queue("usage").add("usage", event, jobOptionsFor("usage", { jobId: id }));
  }

  async function ingestBatch(events: unknown[], job: Job): Promise<BatchJobResult> {
    const valid: UsageEvent[] = [];
    const invalid: Promise<void>[] = [];
    events.forEach((raw, index) => {
      const parsed = usageEventSchema.safeParse(raw);
      if (parsed.success) {
        valid.push(parsed.data);
        return;
      }
      opts.metrics.inc("usage_events_invalid_total");
      opts.log.warn("invalid usage event in a batch job: re-enqueued alone, to the failed set", {
        jobId: job.id,
        index,
        requestId: requestIdOf(raw),
        issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
      invalid.push(enqueueAlone("bad", raw, job, index));
    });
    const [settled] = await Promise.all([Promise.allSettled(valid.map(ingestEvent)), Promise.all(invalid)]);

    const failed = settled.flatMap((r, i) => (r.status === "rejected" ? [{ event: valid[i] as UsageEvent, err: r.reason as unknown }] : []));
    if (failed.length > 0) {
      // Postgres unreachable, or nothing of the job went in: retry (or postpone) the whole job; the
      // events already committed are skipped by the idempotent insert.
      const down = failed.find((f) => isInfrastructureDown(f.err));
      if (down) throw down.err;
      if (failed.length === valid.length) throw failed[0]?.err;
      // Some rows went in and these were refused (the batcher already isolated them row by row):
      // each gets its own job, attempts and dead-letter entry instead of failing the whole batch.
      opts.metrics.inc("usage_events_split_total", failed.length);
      opts.log.warn("usage events refused by Postgres in a batch job: re-enqueued alone", {
        jobId: job.id,
        requestIds: failed.map((f) => f.event.requestId),
        err: failed[0]?.err,
      });
      await Promise.all(failed.map((f, i) => enqueueAlone("split", f.event, job, i)));
    }
    return { events: events.length, invalid: invalid.length, split: failed.length };
  }

  const processor: JobProcessor<"usage"> = (payload, job) => {
    const batch = isUsageBatch(payload);
    opts.onJobStart?.(batch ? payload.events.length : 1);
    return batch ? ingestBatch(payload.events, job) : ingestEvent(payload);
  };
  return { batcher, processor };
}
