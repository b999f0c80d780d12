import { generateApiKey } from "@switchboard/keys";
import { writeAudit } from "../audit.js";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateApiKey } from "../invalidation.js";
import { keyIdInput, type ApiKeyView } from "./schema.js";
import { findKeyForChange } from "./find.js";
import { apiKeySelect, toApiKeyView } from "./view.js";

/**
 * Replaces the secret on the same row, so the key keeps its id, limits, budget and usage
 * history; the old secret stops working as soon as the gateway hears the invalidation.
 */
export async function rotateApiKey({ ctx, input }: ServiceCall<{ id: string }>): Promise<{ key: string; apiKey: ApiKeyView }> {
  const { id } = keyIdInput.parse(input);
  const secret = generateApiKey();
  const { row, oldHash } = await ctx.db.$transaction(async (tx) => {
    const key = await findKeyForChange(tx, ctx, id);
    if (key.revokedAt) throw new ServiceError("conflict", "A revoked key cannot be rotated");
    const row = await tx.apiKey.update({
      where: { id: key.id, tenantId: ctx.tenantId },
      data: { keyHash: secret.hash, displayPrefix: secret.displayPrefix, lastUsedAt: null },
      select: apiKeySelect,
    });
    await writeAudit(tx, ctx, "api_key.rotate", { type: "api_key", id }, { name: key.name });
    return { row, oldHash: key.keyHash };
  });
  await invalidateApiKey(ctx.redis, oldHash);
  return { key: secret.key, apiKey: toApiKeyView(row) };
}
