import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { startOfUtcMonth } from "../period.js";
import { assertCan } from "../permissions.js";
import { spendByKeySince } from "../usage/spend.js";
import type { ApiKeyView } from "./schema.js";
import { apiKeySelect, toApiKeyView } from "./view.js";

export const listApiKeysInput = z.object({ includeRevoked: z.boolean().default(true) }).default({ includeRevoked: true });

export type ApiKeyWithSpend = ApiKeyView & { periodSpendPicoUsd: bigint; budget: { amountPicoUsd: bigint; period: string; enforcement: string } | null };

/** Keys of the tenant, newest first, with this calendar month's spend (UTC) from the rollups. */
export async function listApiKeys({ ctx, input }: ServiceCall<z.input<typeof listApiKeysInput>>): Promise<ApiKeyWithSpend[]> {
  assertCan(ctx.actor.role, "keys:read");
  const { includeRevoked } = listApiKeysInput.parse(input);
  const now = new Date();
  const rows = await ctx.db.apiKey.findMany({
    where: { tenantId: ctx.tenantId, ...(includeRevoked ? {} : { revokedAt: null }) },
    orderBy: { createdAt: "desc" },
    select: { ...apiKeySelect, budgets: { where: { tenantId: ctx.tenantId }, select: { amountPicoUsd: true, period: true, enforcement: true }, take: 1 } },
  });
  const spend = await spendByKeySince(ctx.db, ctx.tenantId, startOfUtcMonth(now), rows.map((r) => r.id));
  return rows.map(({ budgets, ...r }) => ({ ...toApiKeyView(r, now), periodSpendPicoUsd: spend.get(r.id) ?? 0n, budget: budgets[0] ?? null }));
}

export async function getApiKey({ ctx, input }: ServiceCall<{ id: string }>): Promise<ApiKeyView> {
  assertCan(ctx.actor.role, "keys:read");
  const row = await ctx.db.apiKey.findFirst({ where: { id: input.id, tenantId: ctx.tenantId }, select: apiKeySelect });
  if (!row) throw new ServiceError("not_found", "API key not found");
  return toApiKeyView(row);
}
