import type OpenAI from "openai";
import { chat, type Outcome } from "./tenants.js";

/**
 * Closed-loop load: `concurrency` callers send requests until `total` were sent or `stop()` is true.
 * `onResult` sees every outcome as it lands (to trigger a kill at the right moment).
 */
export async function runLoad(opts: {
  clients: OpenAI[];
  total: number;
  concurrency: number;
  content: (i: number) => string;
  extra?: Record<string, unknown>;
  onResult?: (r: Outcome, all: Outcome[]) => void;
  stop?: () => boolean;
}): Promise<Outcome[]> {
  const results: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.total && !(opts.stop?.() ?? false)) {
        const i = next++;
        const r = await chat(opts.clients[i % opts.clients.length]!, opts.content(i), opts.extra);
        results.push(r);
        opts.onResult?.(r, results);
      }
    }),
  );
  return results;
}

/** Requests the gateway answered: any HTTP response with a request id (errors after auth are metered too). */
export const answered = (rs: Outcome[]) => rs.filter((r) => r.requestId !== null && (r.ok || r.status > 0));
