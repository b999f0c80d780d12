import { z } from "zod";

const thresholds = z
  .array(z.number().int().min(1).max(1000))
  .max(10)
  .transform((a) => [...new Set(a)].sort((x, y) => x - y));

export const createBudgetInput = z
  .object({
    scope: z.enum(["tenant", "key"]).default("tenant"),
    apiKeyId: z.string().min(1).nullable().default(null),
    amountPicoUsd: z.bigint().positive("Amount must be greater than zero"),
    period: z.enum(["daily", "weekly", "monthly", "total"]).default("monthly"),
    enforcement: z.enum(["hard", "soft"]).default("soft"),
    alertThresholds: thresholds.default([50, 80, 100]),
    recipients: z.array(z.string().trim().email()).max(20).default([]),
  })
  .refine((b) => (b.scope === "key") === (b.apiKeyId !== null), { message: "A key budget needs apiKeyId; a tenant budget must not have one", path: ["apiKeyId"] });
export type CreateBudgetInput = z.input<typeof createBudgetInput>;

export const updateBudgetInput = z.object({
  id: z.string().min(1),
  amountPicoUsd: z.bigint().positive().optional(),
  period: z.enum(["daily", "weekly", "monthly", "total"]).optional(),
  enforcement: z.enum(["hard", "soft"]).optional(),
  alertThresholds: thresholds.optional(),
  recipients: z.array(z.string().trim().email()).max(20).optional(),
});
export type UpdateBudgetInput = z.input<typeof updateBudgetInput>;
