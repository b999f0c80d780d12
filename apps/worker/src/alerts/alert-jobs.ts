import type { Pool } from "pg";
import type { Redis } from "ioredis";
import { createMailer } from "@switchboard/email";
import type { JobProducer } from "@switchboard/queue";
import type { Env } from "../env.js";
import type { Logger } from "../log/logger.js";
import type { JobProcessor } from "../jobs/run-job-worker.js";
import { checkTenantBudgets } from "./budget-check.js";
import { deliverAlert } from "./alert-delivery.js";

export interface AlertJobsDeps {
  env: Env;
  pool: Pool;
  producer: JobProducer;
  log: Logger;
  redis: Redis;
}

export function createAlertJobs(deps: AlertJobsDeps): {
  budgetCheck: JobProcessor<"budget-check">;
  alertEmail: JobProcessor<"alert-email">;
  close(): Promise<void>;
} {
  const mailer = createMailer({ smtpUrl: deps.env.SMTP_URL, from: deps.env.SMTP_FROM, pool: true });
  const log = deps.log.child({ component: "alerts" });
  return {
    budgetCheck: (p) => checkTenantBudgets({ pool: deps.pool, producer: deps.producer, log }, p.tenantId),
    alertEmail: (p) =>
      deliverAlert(
        { pool: deps.pool, mailer, log, webUrl: deps.env.WEB_URL, slackWebhookUrl: deps.env.SLACK_WEBHOOK_URL },
        p.alertEventId,
      ),
    async close() {
      mailer.close();
    },
  };
}
