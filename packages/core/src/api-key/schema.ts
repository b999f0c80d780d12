import { z } from "zod";

const modelId = z.string().trim().min(1).max(200);

export const keyLimitsSchema = z.object({
  allowedModels: z.array(modelId).max(200).default([]),
  rpmLimit: z.number().int().positive().max(1_000_000).nullable().default(null),
  tpmLimit: z.number().int().positive().max(1_000_000_000).nullable().default(null),
  expiresAt: z.coerce.date().nullable().default(null),
});

export const keyBudgetSchema = z.object({
  amountPicoUsd: z.bigint().positive(),
  period: z.enum(["daily", "weekly", "monthly", "total"]).default("monthly"),
  enforcement: z.enum(["hard", "soft"]).default("hard"),
  alertThresholds: z.array(z.number().int().min(1).max(1000)).max(10).default([50, 80, 100]),
  recipients: z.array(z.string().email()).max(20).default([]),
});

export const createApiKeyInput = keyLimitsSchema.extend({
  name: z.string().trim().min(1, "Name is required").max(100),
  budget: keyBudgetSchema.nullable().default(null),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const updateApiKeyInput = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(100).optional(),
  allowedModels: z.array(modelId).max(200).optional(),
  rpmLimit: z.number().int().positive().max(1_000_000).nullable().optional(),
  tpmLimit: z.number().int().positive().max(1_000_000_000).nullable().optional(),
  expiresAt: z.coerce.date().nullable().optional(),
});
export type UpdateApiKeyInput = z.input<typeof updateApiKeyInput>;

export const keyIdInput = z.object({ id: z.string().min(1) });

/** The shape every key-returning service gives back: never the hash, never the secret. */
export interface ApiKeyView {
  id: string;
  name: string;
  displayPrefix: string;
  createdById: string | null;
  createdBy: { name: string | null; email: string } | null;
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: "active" | "revoked" | "expired";
}
