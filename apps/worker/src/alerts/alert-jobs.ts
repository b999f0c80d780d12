import type { Pool } from "pg";
import type { Redis } from "ioredis";
import type { JobProducer } from "@switchboard/queue";
import type { Env } from "../env.js";
import type { Logger } from "../log/logger.js";
import type { JobProcessor } from "../jobs/run-job-worker.js";

export interface AlertJobsDeps {
  env: Env;
  pool: Pool;
  producer: JobProducer;
  log: Logger;
  redis: Redis;
}

export function createAlertJobs(_deps: AlertJobsDeps): {
  budgetCheck: JobProcessor<"budget-check">;
  alertEmail: JobProcessor<"alert-email">;
  close(): Promise<void>;
} {
  return {
    budgetCheck: async () => undefined,
    alertEmail: async () => undefined,
    close: async () => undefined,
  };
}
