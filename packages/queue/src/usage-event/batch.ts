import { createHash } from "node:crypto";
import { z } from "zod";
import { toJobId } from "../catalog/job-id.js";
import { usageEventSchema, type UsageEvent } from "./schema.js";

/** Most events one `usage` job may carry. The producer's `maxBatch` is capped to it. */
export const USAGE_BATCH_MAX_EVENTS = 1_000;

/**
 * The batch envelope the gateway sends: one job per publish tick. Only the envelope is checked
 * here; the worker validates each event on its own, so one malformed event does not fail the
 * others in its job.
 */
export const usageBatchSchema = z.object({
  v: z.literal(1),
  events: z.array(z.unknown()).min(1).max(USAGE_BATCH_MAX_EVENTS),
});
export type UsageBatchPayload = z.infer<typeof usageBatchSchema>;

/** What a producer puts in a batch job. */
export interface UsageBatch {
  v: 1;
  events: UsageEvent[];
}

/**
 * The `usage` job's payload: a batch (`{ v: 1, events }`), or a single event as older gateways
 * enqueued it (and as the worker dead-letters an invalid event of a batch). A payload with an
 * `events` key is a batch; anything else must be a whole usage event. Routed explicitly rather than
 * through a union so a bad payload is reported field by field, not as "Invalid input".
 */
export const usageJobSchema = z.unknown().transform((data, ctx): UsageEvent | UsageBatchPayload => {
  const parsed = isBatchShaped(data) ? usageBatchSchema.safeParse(data) : usageEventSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path, input: data });
  return z.NEVER;
});
export type UsageJobPayload = z.infer<typeof usageJobSchema>;

function isBatchShaped(data: unknown): boolean {
  return typeof data === "object" && data !== null && "events" in data;
}

/** Narrows a validated `usage` job payload to the batch form. */
export function isUsageBatch(payload: UsageJobPayload): payload is UsageBatchPayload {
  return "events" in payload;
}

/**
 * The events a `usage` job carries, unvalidated: a batch's `events`, or the job's data itself for
 * a single-event job. For consumers and tests that read jobs straight from the queue.
 */
export function usageEventsOf(jobData: unknown): unknown[] {
  if (isBatchShaped(jobData)) {
    const { events } = jobData as { events: unknown };
    return Array.isArray(events) ? events : [];
  }
  return jobData === undefined || jobData === null ? [] : [jobData];
}

const requestIdOf = (event: unknown): string => {
  const id = (event as { requestId?: unknown } | null)?.requestId;
  return typeof id === "string" ? id : "";
};

/**
 * A batch's job id, derived from its content: the first request id (to find it), the size and a
 * digest of every request id in order. Re-sending the same batch (an add that timed out but landed,
 * retried from the buffer) is then one job; two different batches never share an id, which would
 * make BullMQ silently drop the second.
 */
export function usageBatchJobId(events: readonly unknown[]): string {
  const hash = createHash("sha1");
  for (const e of events) hash.update(requestIdOf(e)).update("\n");
  return toJobId(`b:${events.length}:${hash.digest("base64url")}:${requestIdOf(events[0])}`);
}
