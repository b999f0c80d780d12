import type { Pool } from "pg";
import type { UsageEvent } from "@switchboard/queue";
import { insertUsageBatch, type InsertResult } from "./insert-usage.js";

export interface UsageBatcherOptions {
  pool: Pool;
  /** Flush as soon as this many events wait. */
  maxBatch: number;
  /** Flush a partial batch after this long, so a quiet queue is not delayed. */
  maxWaitMs: number;
  /** Batches written concurrently; 2 overlaps one batch's Postgres time with the next one's gathering. */
  maxInFlight?: number;
  /** Called after each committed batch with the tenants whose rollups changed. */
  onCommitted?: (result: InsertResult, batchSize: number) => void;
  onBatchError?: (err: unknown, batchSize: number) => void;
}

export interface UsageBatcherStats {
  batches: number;
  events: number;
  inserted: number;
  duplicates: number;
  failedEvents: number;
}

interface Pending {
  event: UsageEvent;
  resolve: () => void;
  reject: (err: unknown) => void;
}

// Deadlocks and serialization failures are transient: retry the same batch at once.
const TRANSIENT = new Set(["40P01", "40001"]);
// Data exceptions (22) and integrity violations (23): one bad event must not fail its neighbours.
const isDataError = (code: string | undefined): boolean => code !== undefined && /^2[23]/.test(code);
const pgCode = (err: unknown): string | undefined =>
  typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;

/**
 * Gathers usage events from many concurrently active BullMQ jobs into one multi-row statement.
 * Each job's promise settles when its batch commits, so a job completes only after its row is
 * durable, and a crash before that leaves the job active, then stalled, then retried: at-least-once
 * delivery that the idempotent insert turns into exactly-once counting.
 */
export function createUsageBatcher(opts: UsageBatcherOptions) {
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const idle: (() => void)[] = [];
  const stats: UsageBatcherStats = { batches: 0, events: 0, inserted: 0, duplicates: 0, failedEvents: 0 };

  async function write(events: UsageEvent[]): Promise<InsertResult> {
    for (let attempt = 1; ; attempt++) {
      const client = await opts.pool.connect();
      try {
        return await insertUsageBatch(client, events);
      } catch (err) {
        if (attempt < 4 && TRANSIENT.has(pgCode(err) ?? "")) continue;
        throw err;
      } finally {
        client.release();
      }
    }
  }

  function settle(batch: Pending[], result: InsertResult): void {
    stats.batches += 1;
    stats.events += batch.length;
    stats.inserted += result.inserted;
    stats.duplicates += batch.length - result.inserted;
    opts.onCommitted?.(result, batch.length);
    for (const p of batch) p.resolve();
  }

  async function writeOneByOne(batch: Pending[]): Promise<void> {
    const total: InsertResult = { inserted: 0, tenants: [] };
    const ok: Pending[] = [];
    for (const p of batch) {
      try {
        const r = await write([p.event]);
        total.inserted += r.inserted;
        total.tenants.push(...r.tenants);
        ok.push(p);
      } catch (err) {
        stats.failedEvents += 1;
        p.reject(err);
      }
    }
    total.tenants = [...new Set(total.tenants)];
    settle(ok, total);
  }

  async function flushBatch(batch: Pending[]): Promise<void> {
    // Same requestId twice in one batch (a re-sent event after its job was cleaned up): write once.
    const byId = new Map<string, UsageEvent>();
    for (const p of batch) if (!byId.has(p.event.requestId)) byId.set(p.event.requestId, p.event);
    try {
      settle(batch, await write([...byId.values()]));
    } catch (err) {
      opts.onBatchError?.(err, batch.length);
      if (isDataError(pgCode(err)) && batch.length > 1) {
        await writeOneByOne(batch);
        return;
      }
      stats.failedEvents += batch.length;
      for (const p of batch) p.reject(err);
    }
  }

  function pump(): void {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void flushBatch(batch).finally(() => {
        inFlight -= 1;
        if (queue.length >= opts.maxBatch) pump();
        else if (queue.length > 0) arm();
        if (inFlight === 0 && queue.length === 0) idle.splice(0).forEach((f) => f());
      });
    }
  }

  function arm(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, opts.maxWaitMs);
  }

  return {
    /** Resolves once the event is committed (or was already present); rejects if it could not be written. */
    add(event: UsageEvent): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        if (queue.length >= opts.maxBatch) {
          if (timer) clearTimeout(timer);
          timer = null;
          pump();
        } else arm();
      });
    },
    /** Write whatever waits now and resolve when nothing is pending or in flight (shutdown). */
    async drain(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      pump();
      if (inFlight === 0 && queue.length === 0) return;
      await new Promise<void>((resolve) => idle.push(resolve));
    },
    pendingCount: () => queue.length,
    inFlightCount: () => inFlight,
    stats: (): UsageBatcherStats => ({ ...stats }),
  };
}

export type UsageBatcher = ReturnType<typeof createUsageBatcher>;
