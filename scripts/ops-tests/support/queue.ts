import { QUEUE_PREFIX, jobCatalog } from "@switchboard/queue";
import { Queue } from "bullmq";
import { Redis } from "ioredis";

/** Job counts of the usage queue in a dedicated Redis (the whole queue belongs to the test file). */
export async function usageJobCounts(redisUrl: string): Promise<Record<string, number>> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: QUEUE_PREFIX });
  try {
    return await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** requestIds of every usage job in the queue, in every state. */
export async function usageJobRequestIds(redisUrl: string): Promise<string[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(jobCatalog.usage.queue, { connection, prefix: QUEUE_PREFIX });
  try {
    const jobs = await queue.getJobs(["waiting", "active", "completed", "failed", "delayed", "prioritized"]);
    return jobs.filter(Boolean).map((j) => (j.data as { requestId: string }).requestId);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
