import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createProducerConnection, type RedisConnectionInput } from "../connection/redis.js";
import { jobOptionsFor } from "../catalog/producer.js";
import { jobCatalog, QUEUE_PREFIX } from "../catalog/jobs.js";
import { USAGE_BATCH_MAX_EVENTS, usageBatchJobId, type UsageBatch } from "./batch.js";
import type { UsageEvent } from "./schema.js";

export interface UsageProducerOptions {
  /** Events kept in memory while Redis is unreachable; beyond it events are dropped (and counted). */
  maxBuffer?: number;
  /** How often buffered events are retried. */
  retryIntervalMs?: number;
  /** Events per job, and per round trip (default 500, at most 1 000). */
  maxBatch?: number;
  /** An add that takes longer than this counts as failed (the events are buffered; the batch's jobId makes a late success harmless). */
  enqueueTimeoutMs?: number;
  /** Redis key prefix (default QUEUE_PREFIX); must match the worker's. */
  prefix?: string;
  onError?: (err: unknown, context: { buffered: number; dropped: number }) => void;
}

export type PublishResult = "queued" | "buffered" | "dropped";

export interface UsageProducer {
  /**
   * Enqueue with the other events of this tick, as one job. Not validated here (TypeScript checks the
   * shape; the worker validates every event and dead-letters a bad one on its own). Never rejects for
   * Redis trouble (the event is buffered instead).
   */
  publish(event: UsageEvent): Promise<PublishResult>;
  bufferedCount(): number;
  droppedCount(): number;
  /** Try to push every buffered event now; resolves with how many are still buffered. */
  flush(): Promise<number>;
  /** Flush (bounded by timeoutMs), stop retrying, close the queue; resolves with events left unsent. */
  close(timeoutMs?: number): Promise<number>;
}

// A stored request/response body makes an event up to ~130 KB: capping them per job keeps a job a few MB.
const MAX_BODY_EVENTS_PER_JOB = 50;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`usage enqueue timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The gateway's side of usage metering. Events published in the same tick go to Redis as ONE job
 * (`{ v: 1, events }`, one round trip, one BullMQ job to move), whose jobId is derived from the batch
 * so a re-sent batch is de-duplicated by BullMQ; the worker's insert is idempotent by requestId, so
 * an event sent twice in different batches (a journal replay) is still counted once. When Redis
 * blips, events wait in a bounded in-memory buffer and are retried on a timer, as batches too: the
 * gateway's request path never waits on a retry and never loses usage short of a buffer overflow
 * or a crash.
 */
export function createUsageProducer(connection: RedisConnectionInput, opts: UsageProducerOptions = {}): UsageProducer {
  const maxBuffer = opts.maxBuffer ?? 100_000;
  const maxBatch = Math.max(1, Math.min(opts.maxBatch ?? 500, USAGE_BATCH_MAX_EVENTS));
  const enqueueTimeoutMs = opts.enqueueTimeoutMs ?? 2_000;
  const ownsConnection = !(connection instanceof Redis);
  const client = createProducerConnection(connection);
  // Without a listener ioredis prints every reconnect failure; the buffer already accounts for them.
  if (ownsConnection) client.on("error", () => undefined);
  const queue = new Queue(jobCatalog.usage.queue, { connection: client, prefix: opts.prefix ?? QUEUE_PREFIX });
  const jobOpts = jobOptionsFor("usage");

  // Events waiting for the next tick's batch job, each with the resolver of its publish() promise.
  const pending: { event: UsageEvent; done: (r: PublishResult) => void }[] = [];
  let tickScheduled = false;
  // Events whose add failed; FIFO, retried by the timer.
  let buffer: UsageEvent[] = [];
  let dropped = 0;
  let flushing: Promise<number> | null = null;
  let closed = false;
  // Batch adds under way, awaited by close() so no batch is cut off mid-flight.
  const inflight = new Set<Promise<void>>();

  async function addBatch(events: UsageEvent[]): Promise<void> {
    const data: UsageBatch = { v: 1, events };
    await withTimeout(queue.add("usage", data, { ...jobOpts, jobId: usageBatchJobId(events) }), enqueueTimeoutMs);
  }

  /** How many of the first items go in the next job: up to maxBatch, fewer when many carry bodies. */
  function batchLength<T>(items: readonly T[], eventOf: (item: T) => UsageEvent): number {
    const limit = Math.min(items.length, maxBatch);
    let bodies = 0;
    for (let i = 0; i < limit; i++) {
      // Optional chaining: nothing validated the event, and this runs outside sendPending's try.
      const e = eventOf(items[i] as T) as Partial<UsageEvent> | null;
      if ((e?.requestBody !== undefined || e?.responseBody !== undefined) && ++bodies > MAX_BODY_EVENTS_PER_JOB) return i;
    }
    return limit;
  }

  function bufferEvents(events: UsageEvent[], err: unknown): number {
    const room = Math.max(0, maxBuffer - buffer.length);
    const kept = events.slice(0, room);
    buffer.push(...kept);
    const lost = events.length - kept.length;
    dropped += lost;
    opts.onError?.(err, { buffered: buffer.length, dropped });
    return lost;
  }

  async function sendPending(): Promise<void> {
    tickScheduled = false;
    const batch = pending.splice(0, batchLength(pending, (p) => p.event));
    if (pending.length > 0) scheduleTick();
    try {
      await addBatch(batch.map((p) => p.event));
      for (const p of batch) p.done("queued");
    } catch (err) {
      const lost = bufferEvents(
        batch.map((p) => p.event),
        err,
      );
      batch.forEach((p, i) => p.done(i < batch.length - lost ? "buffered" : "dropped"));
    }
  }

  function scheduleTick(): void {
    if (tickScheduled) return;
    tickScheduled = true;
    setImmediate(() => {
      const sending = sendPending();
      inflight.add(sending);
      void sending.finally(() => inflight.delete(sending));
    });
  }

  async function drainBuffer(): Promise<number> {
    while (buffer.length > 0) {
      const chunk = buffer.slice(0, batchLength(buffer, (e) => e));
      try {
        await addBatch(chunk);
      } catch (err) {
        opts.onError?.(err, { buffered: buffer.length, dropped });
        break;
      }
      buffer = buffer.slice(chunk.length);
    }
    return buffer.length;
  }

  function flush(): Promise<number> {
    // One drain at a time, so a chunk is never sent twice concurrently.
    flushing ??= drainBuffer().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  const retryTimer = setInterval(() => {
    if (buffer.length > 0) void flush();
  }, opts.retryIntervalMs ?? 1_000);
  retryTimer.unref();

  return {
    publish(event) {
      if (closed) {
        return Promise.resolve(bufferEvents([event], new Error("usage producer closed")) ? "dropped" : "buffered");
      }
      return new Promise<PublishResult>((done) => {
        pending.push({ event, done });
        scheduleTick();
      });
    },
    bufferedCount: () => buffer.length + pending.length,
    droppedCount: () => dropped,
    flush,
    async close(timeoutMs = 5_000) {
      closed = true;
      clearInterval(retryTimer);
      const deadline = Date.now() + timeoutMs;
      await Promise.all(inflight);
      while ((pending.length > 0 || buffer.length > 0) && Date.now() < deadline) {
        if (pending.length > 0) await sendPending();
        if ((await flush()) > 0) await new Promise((r) => setTimeout(r, 100));
      }
      const left = buffer.length + pending.length;
      await queue.close().catch(() => undefined);
      if (ownsConnection) client.disconnect();
      return left;
    },
  };
}
