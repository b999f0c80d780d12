import { QUEUE_PREFIX, jobCatalog, usageEventsOf } from "@switchboard/queue";
import { Queue } from "bullmq";
import { Redis } from "ioredis";

const STATES = ["waiting", "active", "delayed", "failed", "completed", "prioritized"] as const;

/**
 * Usage EVENTS per job state in a dedicated Redis (the whole queue belongs to the test file). A job
 * carries a batch of events (one job per gateway tick), so job counts say little; this counts events.
 */
export async function usageEventCounts(redisUrl: string): Promise<Record<string, number>> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: QUEUE_PREFIX });
  try {
    const counts: Record<string, number> = {};
    for (const state of STATES) {
      const jobs = await queue.getJobs([state]);
      counts[state] = jobs.reduce((n, j) => n + (j ? usageEventsOf(j.data).length : 0), 0);
    }
    return counts;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** requestIds of every usage event in the queue, in every job state (batch jobs flattened). */
export async function usageJobRequestIds(redisUrl: string): Promise<string[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: QUEUE_PREFIX });
  try {
    const jobs = await queue.getJobs([...STATES]);
    return jobs.filter(Boolean).flatMap((j) => usageEventsOf(j.data).map((e) => (e as { requestId: string }).requestId));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
