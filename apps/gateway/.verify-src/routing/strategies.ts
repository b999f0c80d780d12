import { priceAt } from "@switchboard/catalog";
import type { LatencyStats } from "./latency-stats.js";
import type { Deployment } from "./table.js";

export type Strategy = "fallback" | "weighted" | "latency" | "cost";

/** Weighted random order without replacement (Efraimidis–Spirakis): each draw proportional to weight. */
function weightedOrder(ds: Deployment[], random: () => number): Deployment[] {
  return ds
    .map((d) => ({ d, k: Math.pow(Math.max(random(), 1e-12), 1 / Math.max(d.weight, 1e-9)) }))
    .sort((a, b) => b.k - a.k)
    .map((x) => x.d);
}

/** Blended price per token for a request of this shape, in µUSD/Mtok (integer math; only used to compare). */
function unitPrice(d: Deployment, promptTokens: number, outputTokens: number): number {
  const p = priceAt(d.model);
  return p.inputPerMtok * promptTokens + p.outputPerMtok * outputTokens;
}

/** Order the candidates; the executor then tries them in this order (failing over down the list). */
export function orderDeployments(strategy: Strategy, ds: Deployment[], ctx: { latency: LatencyStats; promptTokens: number; outputTokens: number; random?: () => number }): Deployment[] {
  switch (strategy) {
    case "fallback":
      return ds;
    case "weighted":
      return weightedOrder(ds, ctx.random ?? Math.random);
    case "latency":
      return [...ds].sort((a, b) => ctx.latency.get(a.id) - ctx.latency.get(b.id));
    case "cost":
      return [...ds].sort((a, b) => unitPrice(a, ctx.promptTokens, ctx.outputTokens) - unitPrice(b, ctx.promptTokens, ctx.outputTokens));
  }
}
