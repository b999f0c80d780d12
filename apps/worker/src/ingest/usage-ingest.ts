import type { Pool } from "pg";
import type { JobProducer } from "@switchboard/queue";
import type { Logger } from "../log/logger.js";
import type { Metrics } from "../health/metrics.js";
import type { JobProcessor } from "../jobs/run-job-worker.js";
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
}

export interface UsageIngest {
  processor: JobProcessor<"usage">;
  batcher: UsageBatcher;
}

/** The "usage" job: each job hands its event to the batcher and completes when its batch commits. */
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
  const processor: JobProcessor<"usage"> = tracing
    ? async (event) => {
        const span = startConsumerSpan(tracing, "usage.ingest", event.traceparent, { "switchboard.request_id": event.requestId, "switchboard.tenant_id": event.tenantId });
        try {
          const r = await batcher.add(event);
          endSpan(span, 200);
          return r;
        } catch (err) {
          endSpan(span, 500, String(err));
          throw err;
        }
      }
    : (event) => batcher.add(event);
  return { batcher, processor };
}
