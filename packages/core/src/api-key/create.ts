import { generateApiKey } from "@switchboard/keys";
import { writeAudit } from "../audit.js";
import { actorUserId, type ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateTenant } from "../invalidation.js";
import { assertCan } from "../permissions.js";
import { createApiKeyInput, type ApiKeyView, type CreateApiKeyInput } from "./schema.js";
import { apiKeySelect, toApiKeyView } from "./view.js";

/** Creates a key; the plaintext is in the result and nowhere else, ever. */
export async function createApiKey({ ctx, input }: ServiceCall<CreateApiKeyInput>): Promise<{ key: string; apiKey: ApiKeyView }> {
  assertCan(ctx.actor.role, "keys:create");
  const data = createApiKeyInput.parse(input);
  if (data.expiresAt && data.expiresAt.getTime() <= Date.now()) throw new ServiceError("invalid", "Expiry must be in the future", "expiresAt");
  const secret = generateApiKey();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        tenantId: ctx.tenantId,
        name: data.name,
        keyHash: secret.hash,
        displayPrefix: secret.displayPrefix,
        createdById: actorUserId(ctx),
        allowedModels: data.allowedModels,
        rpmLimit: data.rpmLimit,
        tpmLimit: data.tpmLimit,
        expiresAt: data.expiresAt,
      },
      select: apiKeySelect,
    });
    if (data.budget) {
      await tx.budget.create({
        data: {
          tenantId: ctx.tenantId,
          apiKeyId: created.id,
          scope: "key",
          amountPicoUsd: data.budget.amountPicoUsd,
          period: data.budget.period,
          enforcement: data.budget.enforcement,
          alertThresholds: data.budget.alertThresholds,
          recipients: data.budget.recipients,
        },
      });
    }
    await writeAudit(tx, ctx, "api_key.create", { type: "api_key", id: created.id }, { name: data.name, budget: data.budget });
    return created;
  });
  if (data.budget) await invalidateTenant(ctx.redis, ctx.tenantId);
  return { key: secret.key, apiKey: toApiKeyView(row) };
}
