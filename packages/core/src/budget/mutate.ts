import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateTenant } from "../invalidation.js";
import { assertCan } from "../permissions.js";
import { createBudgetInput, updateBudgetInput, type CreateBudgetInput, type UpdateBudgetInput } from "./schema.js";

export async function createBudget({ ctx, input }: ServiceCall<CreateBudgetInput>) {
  assertCan(ctx.actor.role, "budgets:write");
  const data = createBudgetInput.parse(input);
  const budget = await ctx.db.$transaction(async (tx) => {
    if (data.apiKeyId) {
      const key = await tx.apiKey.findFirst({ where: { id: data.apiKeyId, tenantId: ctx.tenantId }, select: { id: true } });
      if (!key) throw new ServiceError("not_found", "API key not found", "apiKeyId");
    }
    const budget = await tx.budget.create({ data: { ...data, tenantId: ctx.tenantId } });
    await writeAudit(tx, ctx, "budget.create", { type: "budget", id: budget.id }, data);
    return budget;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return budget;
}

export async function updateBudget({ ctx, input }: ServiceCall<UpdateBudgetInput>) {
  assertCan(ctx.actor.role, "budgets:write");
  const { id, ...changes } = updateBudgetInput.parse(input);
  const budget = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.budget.findFirst({ where: { id, tenantId: ctx.tenantId }, select: { id: true } });
    if (!existing) throw new ServiceError("not_found", "Budget not found");
    const budget = await tx.budget.update({ where: { id, tenantId: ctx.tenantId }, data: changes });
    await writeAudit(tx, ctx, "budget.update", { type: "budget", id }, changes);
    return budget;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return budget;
}

export async function deleteBudget({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  assertCan(ctx.actor.role, "budgets:write");
  const { id } = z.object({ id: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.budget.deleteMany({ where: { id, tenantId: ctx.tenantId } });
    if (count === 0) throw new ServiceError("not_found", "Budget not found");
    await writeAudit(tx, ctx, "budget.delete", { type: "budget", id });
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
}
