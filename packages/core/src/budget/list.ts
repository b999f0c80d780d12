import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { periodStart, type PeriodKind } from "../period.js";
import { assertCan } from "../permissions.js";
import { spendByKeySince, tenantSpendSince } from "../usage/spend.js";

export interface BudgetView {
  id: string;
  scope: "tenant" | "key";
  apiKeyId: string | null;
  apiKeyName: string | null;
  amountPicoUsd: bigint;
  period: PeriodKind;
  enforcement: "hard" | "soft";
  alertThresholds: number[];
  recipients: string[];
  createdAt: Date;
  periodStart: Date;
  spentPicoUsd: bigint;
}

/** Budgets with what has been spent in their current period (from the daily rollup). */
export async function listBudgets({ ctx }: ServiceCall<void>): Promise<BudgetView[]> {
  assertCan(ctx.actor.role, "budgets:read");
  const rows = await ctx.db.budget.findMany({
    where: { tenantId: ctx.tenantId },
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
    include: { apiKey: { select: { name: true } } },
  });
  const now = new Date();
  const out: BudgetView[] = [];
  for (const b of rows) {
    const start = periodStart(b.period, now);
    const spent = b.apiKeyId
      ? ((await spendByKeySince(ctx.db, ctx.tenantId, start, [b.apiKeyId])).get(b.apiKeyId) ?? 0n)
      : await tenantSpendSince(ctx.db, ctx.tenantId, start);
    out.push({
      id: b.id,
      scope: b.scope,
      apiKeyId: b.apiKeyId,
      apiKeyName: b.apiKey?.name ?? null,
      amountPicoUsd: b.amountPicoUsd,
      period: b.period,
      enforcement: b.enforcement,
      alertThresholds: b.alertThresholds,
      recipients: b.recipients,
      createdAt: b.createdAt,
      periodStart: start,
      spentPicoUsd: spent,
    });
  }
  return out;
}

export const listAlertsInput = z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 });

/** Alert history: every threshold crossing the worker emailed, newest first. */
export async function listAlertEvents({ ctx, input }: ServiceCall<z.input<typeof listAlertsInput>>) {
  assertCan(ctx.actor.role, "alerts:read");
  const { limit } = listAlertsInput.parse(input);
  return ctx.db.alertEvent.findMany({
    where: { budget: { tenantId: ctx.tenantId } },
    orderBy: { sentAt: "desc" },
    take: limit,
    include: { budget: { select: { id: true, scope: true, period: true, amountPicoUsd: true, apiKey: { select: { name: true } } } } },
  });
}
