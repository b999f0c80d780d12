import type { Prisma } from "@switchboard/db";
import type { ServiceContext, Tx } from "./context.js";

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * Writes the audit row inside the caller's transaction, so an action and its trail commit or
 * roll back together. BigInts become strings: JSON has no 64-bit integers.
 */
export async function writeAudit(
  tx: Tx,
  ctx: ServiceContext,
  action: string,
  target: { type: string; id: string } | null,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  const meta = toJson({ ...metadata, ...(ctx.actor.type === "token" ? { tokenId: ctx.actor.tokenId } : {}) });
  await tx.auditLog.create({
    data: {
      tenantId: ctx.tenantId,
      actorUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
      actorType: ctx.actor.type,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      metadata: meta as Prisma.InputJsonValue,
      ip: ctx.ip ?? null,
    },
  });
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}
