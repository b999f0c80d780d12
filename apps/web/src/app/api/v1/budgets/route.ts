import { createBudget, listBudgets, parseUsdToPico } from "@switchboard/core";
import { budgetBody, budgetJson } from "@/server/budget-json";
import { apiError, json, managementRoute, readJson } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const GET = managementRoute(async (ctx) => json({ object: "list", data: (await listBudgets({ ctx, input: undefined })).map(budgetJson) }));

export const POST = managementRoute(async (ctx, req) => {
  const b = budgetBody.parse(await readJson(req));
  const amount = parseUsdToPico(b.amount_usd);
  if (amount === null || amount <= 0n) return apiError(400, "amount_usd must be a positive decimal string, e.g. \"100.00\"", "invalid", undefined, "amount_usd");
  const created = await createBudget({
    ctx,
    input: { scope: b.api_key_id ? "key" : "tenant", apiKeyId: b.api_key_id ?? null, amountPicoUsd: amount, period: b.period, enforcement: b.enforcement, alertThresholds: b.alert_thresholds, recipients: b.recipients },
  });
  return json(budgetJson(created), 201);
});
