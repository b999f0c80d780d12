import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createProducerConnection, type RedisConnectionInput } from "../connection/redis.js";
import { jobCatalog, jobNames, QUEUE_PREFIX, type JobName } from "../catalog/jobs.js";

export interface DeadLetter {
  /** `<queue>/<jobId>`: what `dlq retry` takes. */
  ref: string;
  queue: JobName;
  jobId: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
  data: unknown;
}

export interface DeadLetterView {
  list(limit?: number): Promise<DeadLetter[]>;
  counts(): Promise<Record<JobName, number>>;
  /** Retry one failed job by `<queue>/<jobId>`; false when no failed job has that ref. */
  retry(ref: string): Promise<boolean>;
  /** Retry every failed job of every queue; resolves with how many were moved back to wait. */
  retryAll(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Failed jobs are never removed (removeOnFail: false), so each queue's failed set is its dead-letter
 * queue. This view lists and retries them across the whole catalog.
 */
export function createDeadLetterView(connection: RedisConnectionInput, opts: { prefix?: string } = {}): DeadLetterView {
  const ownsConnection = !(connection instanceof Redis);
  const client = createProducerConnection(connection);
  const queues = new Map<JobName, Queue>(
    jobNames.map((name) => [name, new Queue(jobCatalog[name].queue, { connection: client, prefix: opts.prefix ?? QUEUE_PREFIX })]),
  );
  const get = (name: JobName): Queue => {
    const q = queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  };

  return {
    async list(limit = 100) {
      const out: DeadLetter[] = [];
      for (const name of jobNames) {
        const jobs = await get(name).getFailed(0, limit - 1);
        for (const job of jobs) {
          if (!job?.id) continue;
          out.push({
            ref: `${name}/${job.id}`,
            queue: name,
            jobId: job.id,
            failedReason: job.failedReason,
            attemptsMade: job.attemptsMade,
            failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
            data: job.data,
          });
        }
      }
      return out.slice(0, limit);
    },
    async counts() {
      const entries = await Promise.all(jobNames.map(async (name) => [name, await get(name).getFailedCount()] as const));
      return Object.fromEntries(entries) as Record<JobName, number>;
    },
    async retry(ref) {
      const slash = ref.indexOf("/");
      const name = ref.slice(0, slash) as JobName;
      if (slash < 0 || !queues.has(name)) return false;
      const job = await get(name).getJob(ref.slice(slash + 1));
      if (!job || !(await job.isFailed())) return false;
      await job.retry("failed");
      return true;
    },
    async retryAll() {
      let moved = 0;
      for (const name of jobNames) {
        const q = get(name);
        const count = await q.getFailedCount();
        if (count === 0) continue;
        await q.retryJobs({ state: "failed", count: 1_000 });
        moved += count;
      }
      return moved;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      if (ownsConnection) client.disconnect();
    },
  };
}
