/**
 * Dead-letter queue CLI: failed jobs are kept in each queue's failed set.
 *   pnpm --filter @switchboard/worker dlq list [limit]
 *   pnpm --filter @switchboard/worker dlq retry <queue>/<jobId>
 *   pnpm --filter @switchboard/worker dlq retry-all
 */
import { z } from "zod";
import { createDeadLetterView } from "@switchboard/queue";

// Only what the CLI needs, so it runs without the worker's full configuration.
const env = z
  .object({ REDIS_URL: z.url(), QUEUE_PREFIX: z.string().min(1).default("{sb}") })
  .parse(process.env);

const [command, arg] = process.argv.slice(2);
const view = createDeadLetterView(env.REDIS_URL, { prefix: env.QUEUE_PREFIX });
let code = 0;
try {
  switch (command) {
    case "list": {
      const items = await view.list(arg ? Number(arg) : 100);
      if (items.length === 0) console.log("dead-letter queue is empty");
      for (const d of items) {
        console.log(`${d.ref}\tattempts=${d.attemptsMade}\tfailedAt=${d.failedAt ?? "-"}\t${d.failedReason}`);
      }
      break;
    }
    case "counts":
      console.log(JSON.stringify(await view.counts(), null, 2));
      break;
    case "retry": {
      if (!arg) throw new Error("usage: dlq retry <queue>/<jobId>");
      const ok = await view.retry(arg);
      console.log(ok ? `retrying ${arg}` : `no failed job ${arg}`);
      code = ok ? 0 : 1;
      break;
    }
    case "retry-all":
      console.log(`retrying ${await view.retryAll()} job(s)`);
      break;
    default:
      console.error("usage: dlq list [limit] | counts | retry <queue>/<jobId> | retry-all");
      code = 2;
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  code = 1;
} finally {
  await view.close();
}
process.exit(code);
