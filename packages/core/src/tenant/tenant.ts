import { randomBase62 } from "@switchboard/keys";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Db, ServiceCall, Tx } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateApiKey, invalidateTenant } from "../invalidation.js";
import { assertCan } from "../permissions.js";

export const tenantNameSchema = z.string().trim().min(2, "Name must be at least 2 characters").max(80);

function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

/** Creates a tenant with `userId` as its owner, inside the caller's transaction (sign-up uses it). */
export async function createTenantTx(tx: Tx, input: { name: string; userId: string; billingEmail?: string | null }) {
  const name = tenantNameSchema.parse(input.name);
  // A short random suffix keeps slugs unique without a retry loop on collisions.
  const slug = `${slugify(name)}-${randomBase62(6).toLowerCase()}`;
  const tenant = await tx.tenant.create({ data: { name, slug, billingEmail: input.billingEmail ?? null } });
  const membership = await tx.membership.create({ data: { tenantId: tenant.id, userId: input.userId, role: "owner" } });
  await tx.auditLog.create({
    data: { tenantId: tenant.id, actorUserId: input.userId, actorType: "user", action: "tenant.create", targetType: "tenant", targetId: tenant.id, metadata: { name } },
  });
  return { tenant, membership };
}

export async function createTenant({ db, input }: { db: Db; input: { name: string; userId: string } }) {
  return db.$transaction((tx) => createTenantTx(tx, input));
}

/** Every tenant the user belongs to, with their role; the tenant switcher's data. */
export async function listTenantsForUser({ db, userId }: { db: Db; userId: string }) {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { tenant: { select: { id: true, name: true, slug: true, status: true } } },
  });
  return rows.map((m) => ({ ...m.tenant, role: m.role, membershipId: m.id }));
}

export async function getTenant({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "tenant:read");
  const t = await ctx.db.tenant.findUnique({ where: { id: ctx.tenantId } });
  if (!t) throw new ServiceError("not_found", "Workspace not found");
  return t;
}

export async function renameTenant({ ctx, input }: ServiceCall<{ name: string }>) {
  assertCan(ctx.actor.role, "tenant:rename");
  const name = tenantNameSchema.parse(input.name);
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.tenant.findUnique({ where: { id: ctx.tenantId }, select: { name: true } });
    if (!before) throw new ServiceError("not_found", "Workspace not found");
    const t = await tx.tenant.update({ where: { id: ctx.tenantId }, data: { name } });
    await writeAudit(tx, ctx, "tenant.rename", { type: "tenant", id: ctx.tenantId }, { from: before.name, to: name });
    return t;
  });
}

/**
 * Opt in or out of storing request and response bodies in the request log (personal data: off by
 * default). Gateways pick the change up through the tenant invalidation.
 */
export async function setStoreRequestBodies({ ctx, input }: ServiceCall<{ enabled: boolean }>) {
  assertCan(ctx.actor.role, "tenant:rename");
  const enabled = z.boolean().parse(input.enabled);
  const t = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.tenant.update({ where: { id: ctx.tenantId }, data: { storeRequestBodies: enabled } });
    await writeAudit(tx, ctx, enabled ? "tenant.bodies_enabled" : "tenant.bodies_disabled", { type: "tenant", id: ctx.tenantId }, {});
    return updated;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return t;
}

/**
 * Danger zone. Billing history is kept (foreign keys restrict), so a tenant that was ever
 * invoiced cannot be deleted here; that is a support process, not a button.
 */
export async function deleteTenant({ ctx, input }: ServiceCall<{ confirmName: string }>): Promise<void> {
  assertCan(ctx.actor.role, "tenant:delete");
  const hashes = await ctx.db.$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({ where: { id: ctx.tenantId }, select: { name: true } });
    if (!t) throw new ServiceError("not_found", "Workspace not found");
    if (input.confirmName !== t.name) throw new ServiceError("invalid", "Type the workspace name exactly to confirm", "confirmName");
    const billed = (await tx.invoice.count({ where: { tenantId: ctx.tenantId } })) + (await tx.meterReport.count({ where: { tenantId: ctx.tenantId } }));
    if (billed > 0) throw new ServiceError("conflict", "This workspace has billing history and cannot be deleted; contact support");
    const keys = await tx.apiKey.findMany({ where: { tenantId: ctx.tenantId }, select: { keyHash: true } });
    // Audit rows cascade with the tenant; the deletion itself is recorded platform-wide (tenantId null).
    await tx.auditLog.create({
      data: { tenantId: null, actorUserId: ctx.actor.type === "user" ? ctx.actor.userId : null, actorType: ctx.actor.type, action: "tenant.delete", targetType: "tenant", targetId: ctx.tenantId, metadata: { name: t.name } },
    });
    await tx.tenant.delete({ where: { id: ctx.tenantId } });
    return keys.map((k) => k.keyHash);
  });
  // Cascaded keys must leave the gateway's caches too, not only the database.
  for (const h of hashes) await invalidateApiKey(ctx.redis, h);
  await invalidateTenant(ctx.redis, ctx.tenantId);
}
