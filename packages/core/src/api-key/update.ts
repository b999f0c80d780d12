import { writeAudit } from "../audit.js";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateApiKey } from "../invalidation.js";
import { updateApiKeyInput, type ApiKeyView, type UpdateApiKeyInput } from "./schema.js";
import { findKeyForChange } from "./find.js";
import { apiKeySelect, toApiKeyView } from "./view.js";

export async function updateApiKey({ ctx, input }: ServiceCall<UpdateApiKeyInput>): Promise<ApiKeyView> {
  const { id, ...changes } = updateApiKeyInput.parse(input);
  if (changes.expiresAt && changes.expiresAt.getTime() <= Date.now()) throw new ServiceError("invalid", "Expiry must be in the future", "expiresAt");
  const { row, keyHash } = await ctx.db.$transaction(async (tx) => {
    const key = await findKeyForChange(tx, ctx, id);
    if (key.revokedAt) throw new ServiceError("conflict", "A revoked key cannot be changed");
    const row = await tx.apiKey.update({ where: { id: key.id, tenantId: ctx.tenantId }, data: changes, select: apiKeySelect });
    await writeAudit(tx, ctx, "api_key.update", { type: "api_key", id }, changes);
    return { row, keyHash: key.keyHash };
  });
  await invalidateApiKey(ctx.redis, keyHash);
  return toApiKeyView(row);
}
