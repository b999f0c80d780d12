import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Prisma } from "@switchboard/db";
import type { ServiceCall, ServiceContext, Tx } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateTenant } from "../invalidation.js";
import { assertCan } from "../permissions.js";

export const routeTargetSchema = z.object({
  model: z.string().trim().min(1).max(200),
  credentialId: z.string().min(1).optional(),
  weight: z.number().int().min(0).max(1000).optional(),
});

const routeFields = {
  description: z.string().trim().max(500).nullable().optional(),
  strategy: z.enum(["fallback", "weighted", "latency", "cost"]),
  targets: z.array(routeTargetSchema).min(1, "Add at least one target").max(20),
  timeouts: z.object({ requestMs: z.number().int().positive().optional(), firstByteMs: z.number().int().positive().optional(), attemptMs: z.number().int().positive().optional() }),
  cacheEnabled: z.boolean(),
  cacheTtlSeconds: z.number().int().positive().max(86_400 * 30).nullable(),
  enabled: z.boolean(),
};

export const createRouteInput = z.object({
  name: z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "Letters, digits and . _ : / - only"),
  description: routeFields.description,
  strategy: routeFields.strategy.default("fallback"),
  targets: routeFields.targets,
  timeouts: routeFields.timeouts.default({}),
  cacheEnabled: routeFields.cacheEnabled.default(false),
  cacheTtlSeconds: routeFields.cacheTtlSeconds.default(null),
  enabled: routeFields.enabled.default(true),
});

export const updateRouteInput = z.object({
  id: z.string().min(1),
  description: routeFields.description,
  strategy: routeFields.strategy.optional(),
  targets: routeFields.targets.optional(),
  timeouts: routeFields.timeouts.optional(),
  cacheEnabled: routeFields.cacheEnabled.optional(),
  cacheTtlSeconds: routeFields.cacheTtlSeconds.optional(),
  enabled: routeFields.enabled.optional(),
});

/** A target may only name this tenant's own credentials (or none: the platform's). */
async function assertCredentialsOwned(tx: Tx, ctx: ServiceContext, targets: Array<{ credentialId?: string }>) {
  const ids = [...new Set(targets.map((t) => t.credentialId).filter((x): x is string => !!x))];
  if (ids.length === 0) return;
  const found = await tx.providerCredential.count({ where: { id: { in: ids }, tenantId: ctx.tenantId } });
  if (found !== ids.length) throw new ServiceError("invalid", "A target names a credential that does not exist", "targets");
}

export async function createRoute({ ctx, input }: ServiceCall<z.input<typeof createRouteInput>>) {
  assertCan(ctx.actor.role, "routes:write");
  const data = createRouteInput.parse(input);
  const row = await ctx.db.$transaction(async (tx) => {
    await assertCredentialsOwned(tx, ctx, data.targets);
    const clash = await tx.routingPolicy.findFirst({ where: { tenantId: ctx.tenantId, name: data.name }, select: { id: true } });
    if (clash) throw new ServiceError("conflict", "A route with that name already exists", "name");
    const row = await tx.routingPolicy.create({
      data: { ...data, tenantId: ctx.tenantId, targets: data.targets as Prisma.InputJsonValue, timeouts: data.timeouts as Prisma.InputJsonValue },
    });
    await writeAudit(tx, ctx, "route.create", { type: "route", id: row.id }, { name: data.name, strategy: data.strategy });
    return row;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return row;
}

export async function updateRoute({ ctx, input }: ServiceCall<z.input<typeof updateRouteInput>>) {
  assertCan(ctx.actor.role, "routes:write");
  const { id, targets, timeouts, ...rest } = updateRouteInput.parse(input);
  const row = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.routingPolicy.findFirst({ where: { id, tenantId: ctx.tenantId }, select: { id: true } });
    if (!existing) throw new ServiceError("not_found", "Route not found");
    if (targets) await assertCredentialsOwned(tx, ctx, targets);
    const row = await tx.routingPolicy.update({
      where: { id, tenantId: ctx.tenantId },
      data: { ...rest, ...(targets ? { targets: targets as Prisma.InputJsonValue } : {}), ...(timeouts ? { timeouts: timeouts as Prisma.InputJsonValue } : {}) },
    });
    await writeAudit(tx, ctx, "route.update", { type: "route", id }, { ...rest, targets, timeouts });
    return row;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return row;
}

export async function deleteRoute({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  assertCan(ctx.actor.role, "routes:write");
  const { id } = z.object({ id: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.routingPolicy.deleteMany({ where: { id, tenantId: ctx.tenantId } });
    if (count === 0) throw new ServiceError("not_found", "Route not found");
    await writeAudit(tx, ctx, "route.delete", { type: "route", id });
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
}

export async function listRoutes({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "routes:read");
  return ctx.db.routingPolicy.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { name: "asc" } });
}
