import type { Pool } from "pg";
import type { Redis } from "ioredis";
import type { JobProducer } from "@switchboard/queue";
import type { Env } from "../env.js";
import type { Logger } from "../log/logger.js";
import type { JobProcessor } from "../jobs/run-job-worker.js";

export interface BillingJobsDeps {
  env: Env;
  pool: Pool;
  producer: JobProducer;
  log: Logger;
  redis: Redis;
}

export async function createBillingJobs(_deps: BillingJobsDeps): Promise<{
  mode: "stripe" | "ledger_only";
  meterTick: JobProcessor<"meter-tick">;
  meterReport: JobProcessor<"meter-report">;
  suspendOverdue: JobProcessor<"suspend-overdue">;
  close(): Promise<void>;
}> {
  return {
    mode: "ledger_only",
    meterTick: async () => undefined,
    meterReport: async () => undefined,
    suspendOverdue: async () => undefined,
    close: async () => undefined,
  };
}
