import { Prisma } from "@switchboard/db";
import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { addUtcDays, isoDay, startOfUtcDay } from "../period.js";
import { assertCan } from "../permissions.js";
import { SUMS, queryUsage, usageRowsSql, type UsageScope } from "./source.js";

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

function scopeOf(tenantId: string, f: ReturnType<typeof parseFilter>): UsageScope {
  return {
    tenantId,
    from: f.from,
    toExclusive: addUtcDays(f.to, 1),
    ...(f.apiKeyId ? { apiKeyIds: [f.apiKeyId] } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.provider ? { provider: f.provider } : {}),
  };
}

/** Usage per model (and provider) per UTC day (daily rollup + fresh hourly rows); the usage page and API. */
export async function usageByModelDay({ ctx, input }: ServiceCall<UsageFilter>): Promise<UsageRow[]> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const rows = await queryUsage<Omit<UsageRow, "day"> & { day: Date }>(
    ctx.db,
    Prisma.sql`SELECT day, model, provider, ${SUMS} FROM ${usageRowsSql(scopeOf(ctx.tenantId, f))} GROUP BY day, model, provider ORDER BY day, model, provider`,
  );
  return rows.map((r) => ({ ...r, day: isoDay(r.day) }));
}

export async function usageTotals({ ctx, input }: ServiceCall<UsageFilter>): Promise<UsageTotals> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const [row] = await queryUsage<UsageTotals>(ctx.db, Prisma.sql`SELECT ${SUMS} FROM ${usageRowsSql(scopeOf(ctx.tenantId, f))}`);
  if (!row) throw new Error("aggregate query returned no row");
  return row;
}

/** Spend per model over the range, largest first: the overview's bar chart. */
export async function spendByModel({ ctx, input }: ServiceCall<UsageFilter>): Promise<Array<{ model: string; costPicoUsd: bigint; requests: bigint }>> {
  assertCan(ctx.actor.role, "usage:read");
  const f = parseFilter(input);
  const rows = await queryUsage<{ model: string; costPicoUsd: bigint; requests: bigint }>(
    ctx.db,
    Prisma.sql`SELECT model, ${SUMS} FROM ${usageRowsSql(scopeOf(ctx.tenantId, f))} GROUP BY model`,
  );
  return rows
    .map((r) => ({ model: r.model || "(none)", costPicoUsd: r.costPicoUsd, requests: r.requests }))
    .sort((a, b) => (a.costPicoUsd === b.costPicoUsd ? 0 : a.costPicoUsd > b.costPicoUsd ? -1 : 1));
}

/** Distinct models and providers the tenant has used recently, for filter dropdowns. */
export async function usageDimensions({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "usage:read");
  const scope = { tenantId: ctx.tenantId, from: addUtcDays(startOfUtcDay(new Date()), -90), toExclusive: addUtcDays(startOfUtcDay(new Date()), 1) };
  const rows = await queryUsage<{ model: string; provider: string }>(ctx.db, Prisma.sql`SELECT DISTINCT model, provider FROM ${usageRowsSql(scope)}`);
  const distinct = (xs: string[]) => [...new Set(xs.filter(Boolean))].sort();
  return { models: distinct(rows.map((r) => r.model)), providers: distinct(rows.map((r) => r.provider)) };
}
