import type { ApiKeyView } from "./schema.js";

export const apiKeySelect = {
  id: true,
  name: true,
  displayPrefix: true,
  createdById: true,
  allowedModels: true,
  rpmLimit: true,
  tpmLimit: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

type Row = Omit<ApiKeyView, "status">;

export function toApiKeyView(row: Row, now: Date = new Date()): ApiKeyView {
  const status = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return { ...row, status };
}
