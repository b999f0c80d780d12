import "server-only";
import { z } from "zod";
import { money } from "./management-api";

/** /api/v1 budget shapes, shared by the collection and item routes. */
export function budgetJson(b: { id: string; scope: string; apiKeyId: string | null; amountPicoUsd: bigint; period: string; enforcement: string; alertThresholds: number[]; recipients: string[]; createdAt: Date; spentPicoUsd?: bigint; periodStart?: Date }) {
  return {
    id: b.id,
    object: "budget",
    scope: b.scope,
    api_key_id: b.apiKeyId,
    amount: money(b.amountPicoUsd),
    period: b.period,
    enforcement: b.enforcement,
    alert_thresholds: b.alertThresholds,
    recipients: b.recipients,
    created_at: b.createdAt,
    ...(b.spentPicoUsd !== undefined ? { spent_this_period: money(b.spentPicoUsd), period_start: b.periodStart } : {}),
  };
}

export const budgetBody = z.object({
  api_key_id: z.string().nullable().optional(),
  amount_usd: z.string(),
  period: z.enum(["daily", "weekly", "monthly", "total"]).optional(),
  enforcement: z.enum(["hard", "soft"]).optional(),
  alert_thresholds: z.array(z.number().int()).optional(),
  recipients: z.array(z.string()).optional(),
});

