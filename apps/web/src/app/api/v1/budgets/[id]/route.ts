import { deleteBudget, parseUsdToPico, updateBudget } from "@switchboard/core";
import { apiError, json, managementRoute, readJson } from "@/server/management-api";
import { budgetBody, budgetJson } from "@/server/budget-json";

export const dynamic = "force-dynamic";

export const PATCH = managementRoute<{ id: string }>(async (ctx, req, { id }) => {
  const b = budgetBody.partial().omit({ api_key_id: true }).parse(await readJson(req));
  let amountPicoUsd: bigint | undefined;
  if (b.amount_usd !== undefined) {
    const amount = parseUsdToPico(b.amount_usd);
    if (amount === null || amount <= 0n) return apiError(400, "amount_usd must be a positive decimal string", "invalid", undefined, "amount_usd");
    amountPicoUsd = amount;
  }
  const updated = await updateBudget({ ctx, input: { id, amountPicoUsd, period: b.period, enforcement: b.enforcement, alertThresholds: b.alert_thresholds, recipients: b.recipients } });
  return json(budgetJson(updated));
});

export const DELETE = managementRoute<{ id: string }>(async (ctx, _req, { id }) => {
  await deleteBudget({ ctx, input: { id } });
  return json({ id, object: "budget", deleted: true });
});
