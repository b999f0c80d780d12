/**
 * Micro-benchmark of the hot-path limiter calls against a local Redis:
 *   REDIS_URL=redis://127.0.0.1:6390 pnpm exec tsx packages/limits/bench.ts
 * Prints p50/p99 latency of admit, settle and admit+settle (sequential, one connection), then
 * throughput with 64 requests in flight. Every request carries 2 hard budgets and 1 soft budget.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { createRedisLimiter, type AdmitInput, type BudgetInput } from "./src/index.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6390";
const iterations = Number(process.env.ITERATIONS ?? 5000);
const prefix = `bench:${randomUUID().slice(0, 8)}:`;
const redis = new Redis(url, { enableOfflineQueue: true });
const limiter = createRedisLimiter({ redis, prefix });
const budgets: BudgetInput[] = [
  { id: "tenant-monthly", limitPico: 10n ** 18n, period: "monthly", mode: "hard" },
  { id: "key-daily", limitPico: 10n ** 17n, period: "daily", mode: "hard" },
  { id: "tenant-weekly-alert", limitPico: 10n ** 15n, period: "weekly", mode: "soft" },
];
let n = 0;
function request(tenant: string): AdmitInput {
  n += 1;
  return {
    tenantId: tenant,
    keyId: `key${n % 10}`,
    requestId: `req-${n}`,
    keyLimits: { rpm: 1_000_000, tpm: 1_000_000_000 },
    tenantLimits: { rpm: 10_000_000, tpm: 10_000_000_000 },
    estimatedTokens: 1200,
    reservePico: 50_000_000_000n, // $0.05 worst case
    budgets,
  };
}
const settleOf = (i: AdmitInput) => ({ ...i, costPico: 12_345_678n, actualTokens: 900 });

function pct(samples: number[], p: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(3);
}

for (let i = 0; i < 500; i++) {
  const r = request(`warm${i % 50}`);
  await limiter.admit(r);
  await limiter.settle(settleOf(r));
}

const admitMs: number[] = [];
const settleMs: number[] = [];
const bothMs: number[] = [];
for (let i = 0; i < iterations; i++) {
  const r = request(`t${i % 100}`);
  const t0 = performance.now();
  await limiter.admit(r);
  const t1 = performance.now();
  await limiter.settle(settleOf(r));
  const t2 = performance.now();
  admitMs.push(t1 - t0);
  settleMs.push(t2 - t1);
  bothMs.push(t2 - t0);
}
console.log(`redis ${url}, ${iterations} sequential requests, 3 budgets each`);
console.log(`admit         p50 ${pct(admitMs, 50)} ms  p99 ${pct(admitMs, 99)} ms`);
console.log(`settle        p50 ${pct(settleMs, 50)} ms  p99 ${pct(settleMs, 99)} ms`);
console.log(`admit+settle  p50 ${pct(bothMs, 50)} ms  p99 ${pct(bothMs, 99)} ms`);

const inFlight = 64;
const total = iterations * 2;
let next = 0;
const start = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < total) {
      next += 1;
      const r = request(`c${next % 100}`);
      await limiter.admit(r);
      await limiter.settle(settleOf(r));
    }
  }),
);
const seconds = (performance.now() - start) / 1000;
console.log(`concurrent    ${inFlight} in flight: ${Math.round(total / seconds)} admit+settle pairs/s (one connection)`);

let cursor = "0";
do {
  const [c, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
  cursor = c;
  if (keys.length > 0) await redis.unlink(...keys);
} while (cursor !== "0");
await redis.quit();
