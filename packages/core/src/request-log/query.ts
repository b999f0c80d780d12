import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { assertCan } from "../permissions.js";

export const listRequestLogsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  apiKeyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  outcome: z.enum(["success", "error", "cancelled"]).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type ListRequestLogsInput = z.input<typeof listRequestLogsInput>;

const listSelect = {
  requestId: true,
  createdAt: true,
  apiKeyId: true,
  endpoint: true,
  requestedModel: true,
  servedModel: true,
  provider: true,
  attempts: true,
  httpStatus: true,
  outcome: true,
  errorCode: true,
  stream: true,
  cacheHit: true,
  promptTokens: true,
  completionTokens: true,
  costPicoUsd: true,
  latencyMs: true,
  ttftMs: true,
} as const;

function encodeCursor(createdAt: Date, requestId: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${requestId}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; requestId: string } {
  const [iso, requestId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!requestId || Number.isNaN(createdAt.getTime())) throw new ServiceError("invalid", "Invalid cursor", "cursor");
  return { createdAt, requestId };
}

/**
 * Newest first, keyset-paginated on (created_at, request_id): stable under concurrent inserts
 * and index-backed by (tenant_id, created_at desc), unlike OFFSET.
 */
export async function listRequestLogs({ ctx, input }: ServiceCall<ListRequestLogsInput>) {
  assertCan(ctx.actor.role, "logs:read");
  const f = listRequestLogsInput.parse(input);
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  const rows = await ctx.db.requestLog.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(f.apiKeyId ? { apiKeyId: f.apiKeyId } : {}),
      ...(f.model ? { OR: [{ servedModel: f.model }, { requestedModel: f.model }] } : {}),
      ...(f.provider ? { provider: f.provider } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.status ? { httpStatus: f.status } : {}),
      AND: [
        f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {},
        after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, requestId: { lt: after.requestId } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { requestId: "desc" }],
    take: f.limit + 1,
    select: listSelect,
  });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > f.limit && last ? encodeCursor(last.createdAt, last.requestId) : null };
}

export async function getRequestLog({ ctx, input }: ServiceCall<{ requestId: string }>) {
  assertCan(ctx.actor.role, "logs:read");
  const { requestId } = z.object({ requestId: z.string().min(1).max(200) }).parse(input);
  const row = await ctx.db.requestLog.findFirst({ where: { tenantId: ctx.tenantId, requestId } });
  if (!row) throw new ServiceError("not_found", "Request not found");
  const key = row.apiKeyId ? await ctx.db.apiKey.findFirst({ where: { id: row.apiKeyId, tenantId: ctx.tenantId }, select: { id: true, name: true, displayPrefix: true } }) : null;
  return { ...row, apiKey: key };
}
