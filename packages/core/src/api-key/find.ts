import type { ServiceContext, Tx } from "../context.js";
import { ServiceError } from "../errors.js";
import { can } from "../permissions.js";

/**
 * Loads a key for a change, scoped to the tenant, and enforces "manage any key" versus
 * "only keys you created". A key of another tenant is indistinguishable from a missing one.
 */
export async function findKeyForChange(tx: Tx, ctx: ServiceContext, id: string) {
  const key = await tx.apiKey.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!key) throw new ServiceError("not_found", "API key not found");
  const own = ctx.actor.type === "user" && key.createdById === ctx.actor.userId;
  if (!can(ctx.actor.role, "keys:manage") && !(own && can(ctx.actor.role, "keys:create"))) {
    throw new ServiceError("forbidden", "You can only change keys you created");
  }
  return key;
}
