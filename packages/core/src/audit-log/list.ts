import { z } from "zod";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { assertCan } from "../permissions.js";

export const listAuditLogsInput = z.object({
  /** Opaque cursor from the previous page (`<createdAt ISO>|<id>`). */
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Exact action or a prefix ending in "." (e.g. `api_key.`). */
  action: z.string().max(100).optional(),
});
export type ListAuditLogsInput = z.input<typeof listAuditLogsInput>;

export interface AuditLogView {
  id: string;
  createdAt: Date;
  action: string;
  actorType: string;
  actorUserId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = cursor.split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new ServiceError("invalid", "Invalid cursor", "cursor");
  return { createdAt, id };
}

/**
 * The tenant's audit trail, newest first, keyset-paginated. Owners and admins only: it names
 * who did what from which IP.
 */
export async function listAuditLogs({ ctx, input }: ServiceCall<ListAuditLogsInput>): Promise<{ items: AuditLogView[]; nextCursor: string | null }> {
  assertCan(ctx.actor.role, "audit:read");
  const parsed = listAuditLogsInput.safeParse(input);
  if (!parsed.success) throw new ServiceError("invalid", parsed.error.issues[0]?.message ?? "Invalid input", parsed.error.issues[0]?.path.join("."));
  const f = parsed.data;
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  const rows = await ctx.db.auditLog.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(f.action ? (f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action }) : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const userIds = [...new Set(page.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const users = userIds.length ? await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
  const email = new Map(users.map((u) => [u.id, u.email]));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actorType: r.actorType,
      actorUserId: r.actorUserId,
      actorEmail: r.actorUserId ? (email.get(r.actorUserId) ?? null) : null,
      targetType: r.targetType,
      targetId: r.targetId,
      metadata: r.metadata,
      ip: r.ip,
    })),
    nextCursor: rows.length > f.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
  };
}

/** Audit-log actions a security review cares about, for the page's filter. */
export const AUDIT_ACTION_GROUPS: Array<{ label: string; prefix: string }> = [
  { label: "API keys", prefix: "api_key." },
  { label: "Members and invitations", prefix: "member." },
  { label: "Management tokens", prefix: "management_token." },
  { label: "Provider credentials", prefix: "provider_credential." },
  { label: "Budgets", prefix: "budget." },
  { label: "Routes", prefix: "route." },
  { label: "Workspace", prefix: "tenant." },
  { label: "Billing", prefix: "billing." },
  { label: "Sign-ins", prefix: "user." },
];
