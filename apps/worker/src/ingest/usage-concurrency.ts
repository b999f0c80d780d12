/**
 * BullMQ's concurrency counts jobs, but a usage job carries anything from 1 event (an older gateway,
 * a lightly loaded one's tick) to 1 000 (a busy gateway's tick, a buffer drained after a Redis blip).
 * Many small jobs must be held at once for the batcher to gather big statements; a backlog of full
 * batches held 2 000 at a time would be a million events on the heap. So the worker's concurrency
 * follows the running mean job size: about `maxEventsInFlight` events held, never more than
 * `maxJobs` jobs. It starts as if jobs were full-sized (the first fetches happen before any is seen)
 * and rises as small ones come in.
 */
export interface UsageConcurrency {
  /** Jobs to start with. */
  readonly initial: number;
  /** Record the size of a job just taken; returns the concurrency to use from now on. */
  observe(events: number): number;
  /** The running mean events per job. */
  meanJobSize(): number;
}

// Weight of the newest job in the running mean: ~50 jobs to follow a change of regime.
const ALPHA = 0.05;

export function createUsageConcurrency(opts: { maxJobs: number; maxEventsInFlight: number; assumedJobSize?: number }): UsageConcurrency {
  let mean = opts.assumedJobSize ?? 500;
  const jobsFor = (size: number): number => Math.max(1, Math.min(opts.maxJobs, Math.floor(opts.maxEventsInFlight / Math.max(1, size))));
  return {
    initial: jobsFor(mean),
    observe(events) {
      mean += (Math.max(1, events) - mean) * ALPHA;
      return jobsFor(mean);
    },
    meanJobSize: () => mean,
  };
}
