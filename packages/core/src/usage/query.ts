import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { addUtcDays, isoDay, startOfUtcDay } from "../period.js";
import { assertCan } from "../permissions.js";

export const MAX_USAGE_RANGE_DAYS = 366;

export const usageFilterInput = z
  .object({
    /** Inclusive UTC day. */
    from: z.coerce.date(),
    /** Inclusive UTC day. */
    to: z.coerce.date(),
    apiKeyId: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    provider: z.string().min(1).optional(),
  })
  .transform((f) => ({ ...f, from: startOfUtcDay(f.from), to: startOfUtcDay(f.to) }))
  .refine((f) => f.from <= f.to, { message: "`from` must not be after `to`", path: ["from"] })
  .refine((f) => f.to.getTime() - f.from.getTime() <= MAX_USAGE_RANGE_DAYS * 86_400_000, { message: `At most ${MAX_USAGE_RANGE_DAYS} days`, path: ["to"] });
export type UsageFilter = z.input<typeof usageFilterInput>;

export interface UsageRow {
  day: string;
  model: string;
  provider: string;
  requests: bigint;
  errors: bigint;
  cacheHits: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  cachedTokens: bigint;
  reasoningTokens: bigint;
  costPicoUsd: bigint;
  latencyMsSum: bigint;
  ttftMsSum: bigint;
}

export type UsageTotals = Omit<UsageRow, "day" | "model" | "provider">;

function parseFilter(input: UsageFilter) {
  const r = usageFilterInput.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ServiceError("invalid", issue?.message ?? "Invalid filter", issue?.path.join("."));
  }
  return r.data;
}

function whereOf(tenantId: string, f: ReturnType<typeof parseFilter>) {
  return {
    tenantId,
    day: { gte: f.from, lte: f.to },
    ...(f.apiKeyId ? { apiKeyId: f.apiKeyId } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.provider ? { provider: f.provider } : {}),
  };
}

const sumFields = {
  requests: true,
  errors: true,
  cacheHits: true,
  promptTokens: true,
  completionTokens: true,
  cachedTokens: true,
  reasoningTokens: true,
  costPicoUsd: true,
  latencyMsSum: true,
  ttftMsSum: true,
} as const;

type Sums = { [K in keyof typeof sumFields]: bigint | null };

function totalsOf(s: Sums): UsageTotals {
  return {
    requests: s.requests ?? 0n,
    errors: s.errors ?? 0n,
    cacheHits: s.cacheHits ?? 0n,
    promptTokens: s.promptTokens ?? 0n,
    completionTokens: s.completionTokens ?? 0n,
    cachedTokens: s.cachedTokens ?? 0n,
    reasoningTokens: s.reasoningTokens ?? 0n,
    costPicoUsd: s.costPicoUsd ?? 0n,
    latencyMsSum: s.latencyMsSum ?? 0n,
    ttftMsSum: s.ttftMsSum ?? 0n,
  };
}

/** Usage per model (and provider) per UTC day, from the daily rollup; the usage page and API. */
export async function usageByModelDay({ ctx, input }: ServiceCall<UsageFilter>): Promise<UsageRow[]> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const rows = await ctx.db.usageDaily.groupBy({
    by: ["day", "model", "provider"],
    where: whereOf(ctx.tenantId, f),
    _sum: sumFields,
    orderBy: [{ day: "asc" }, { model: "asc" }, { provider: "asc" }],
  });
  return rows.map((r) => ({ day: isoDay(r.day), model: r.model, provider: r.provider, ...totalsOf(r._sum) }));
}

export async function usageTotals({ ctx, input }: ServiceCall<UsageFilter>): Promise<UsageTotals> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const agg = await ctx.db.usageDaily.aggregate({ where: whereOf(ctx.tenantId, f), _sum: sumFields });
  return totalsOf(agg._sum);
}

/** Spend per model over the range, largest first: the overview's bar chart. */
export async function spendByModel({ ctx, input }: ServiceCall<UsageFilter>): Promise<Array<{ model: string; costPicoUsd: bigint; requests: bigint }>> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const rows = await ctx.db.usageDaily.groupBy({ by: ["model"], where: whereOf(ctx.tenantId, f), _sum: { costPicoUsd: true, requests: true } });
  return rows
    .map((r) => ({ model: r.model || "(none)", costPicoUsd: r._sum.costPicoUsd ?? 0n, requests: r._sum.requests ?? 0n }))
    .sort((a, b) => (a.costPicoUsd === b.costPicoUsd ? 0 : a.costPicoUsd > b.costPicoUsd ? -1 : 1));
}

/** Distinct models and providers the tenant has used recently, for filter dropdowns. */
export async function usageDimensions({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "usage:read");
  const since = addUtcDays(startOfUtcDay(new Date()), -90);
  const [models, providers] = await Promise.all([
    ctx.db.usageDaily.findMany({ where: { tenantId: ctx.tenantId, day: { gte: since }, model: { not: "" } }, distinct: ["model"], select: { model: true } }),
    ctx.db.usageDaily.findMany({ where: { tenantId: ctx.tenantId, day: { gte: since }, provider: { not: "" } }, distinct: ["provider"], select: { provider: true } }),
  ]);
  return { models: models.map((m) => m.model).sort(), providers: providers.map((p) => p.provider).sort() };
}
