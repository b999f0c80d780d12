import { createApiKey, listApiKeys, parseUsdToPico } from "@switchboard/core";
import { z } from "zod";
import { apiError, json, keyJson, managementRoute, readJson } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const GET = managementRoute(async (ctx, req) => {
  const includeRevoked = new URL(req.url).searchParams.get("include_revoked") !== "false";
  const keys = await listApiKeys({ ctx, input: { includeRevoked } });
  return json({ object: "list", data: keys.map(keyJson) });
});

const createBody = z.object({
  name: z.string(),
  expires_at: z.coerce.date().nullable().optional(),
  allowed_models: z.array(z.string()).optional(),
  rpm_limit: z.number().int().nullable().optional(),
  tpm_limit: z.number().int().nullable().optional(),
  budget: z
    .object({ amount_usd: z.string(), period: z.enum(["daily", "weekly", "monthly", "total"]).optional(), enforcement: z.enum(["hard", "soft"]).optional() })
    .nullable()
    .optional(),
});

export const POST = managementRoute(async (ctx, req) => {
  const b = createBody.parse(await readJson(req));
  let budget = null;
  if (b.budget) {
    const amount = parseUsdToPico(b.budget.amount_usd);
    if (amount === null || amount <= 0n) return apiError(400, "budget.amount_usd must be a positive decimal string, e.g. \"25.00\"", "invalid", undefined, "budget.amount_usd");
    budget = { amountPicoUsd: amount, period: b.budget.period, enforcement: b.budget.enforcement };
  }
  const { key, apiKey } = await createApiKey({
    ctx,
    input: { name: b.name, expiresAt: b.expires_at ?? null, allowedModels: b.allowed_models, rpmLimit: b.rpm_limit ?? null, tpmLimit: b.tpm_limit ?? null, budget },
  });
  return json({ ...keyJson(apiKey), key }, 201);
});
