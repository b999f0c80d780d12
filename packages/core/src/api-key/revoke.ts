import { writeAudit } from "../audit.js";
import type { ServiceCall } from "../context.js";
import { invalidateApiKey } from "../invalidation.js";
import { keyIdInput, type ApiKeyView } from "./schema.js";
import { findKeyForChange } from "./find.js";
import { apiKeySelect, toApiKeyView } from "./view.js";

/** Idempotent: revoking a revoked key changes nothing but still re-sends the invalidation. */
export async function revokeApiKey({ ctx, input }: ServiceCall<{ id: string }>): Promise<ApiKeyView> {
  const { id } = keyIdInput.parse(input);
  const { row, keyHash } = await ctx.db.$transaction(async (tx) => {
    const key = await findKeyForChange(tx, ctx, id);
    if (key.revokedAt) {
      const row = await tx.apiKey.findFirstOrThrow({ where: { id, tenantId: ctx.tenantId }, select: apiKeySelect });
      return { row, keyHash: key.keyHash };
    }
    const row = await tx.apiKey.update({ where: { id: key.id, tenantId: ctx.tenantId }, data: { revokedAt: new Date() }, select: apiKeySelect });
    await writeAudit(tx, ctx, "api_key.revoke", { type: "api_key", id }, { name: key.name });
    return { row, keyHash: key.keyHash };
  });
  await invalidateApiKey(ctx.redis, keyHash);
  return toApiKeyView(row);
}
