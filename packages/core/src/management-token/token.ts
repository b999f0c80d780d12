import { generateManagementToken, hashManagementToken, looksLikeManagementToken } from "@switchboard/keys";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import { actorUserId, type Db, type ServiceCall, type ServiceContext } from "../context.js";
import { ServiceError } from "../errors.js";
import { assertCan, type Role } from "../permissions.js";

/**
 * Management tokens act as an admin of their tenant: everything but billing, the danger zone and
 * owner changes. Scopes `read` limits a token to reads (viewer).
 */
export const TOKEN_SCOPES = ["read", "write"] as const;

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).default(["read", "write"]),
  expiresAt: z.coerce.date().nullable().default(null),
});

const tokenSelect = { id: true, name: true, displayPrefix: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true, createdBy: { select: { name: true, email: true } } } as const;

export async function createManagementToken({ ctx, input }: ServiceCall<z.input<typeof createTokenInput>>) {
  assertCan(ctx.actor.role, "tokens:write");
  const data = createTokenInput.parse(input);
  if (data.expiresAt && data.expiresAt <= new Date()) throw new ServiceError("invalid", "Expiry must be in the future", "expiresAt");
  const secret = generateManagementToken();
  const token = await ctx.db.$transaction(async (tx) => {
    const row = await tx.managementToken.create({
      data: { tenantId: ctx.tenantId, name: data.name, tokenHash: secret.hash, displayPrefix: secret.displayPrefix, scopes: data.scopes, createdById: actorUserId(ctx), expiresAt: data.expiresAt },
      select: tokenSelect,
    });
    await writeAudit(tx, ctx, "management_token.create", { type: "management_token", id: row.id }, { name: data.name, scopes: data.scopes });
    return row;
  });
  return { token: secret.key, managementToken: token };
}

export async function listManagementTokens({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "tokens:read");
  return ctx.db.managementToken.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "desc" }, select: tokenSelect });
}

export async function revokeManagementToken({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  assertCan(ctx.actor.role, "tokens:write");
  const { id } = z.object({ id: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const t = await tx.managementToken.findFirst({ where: { id, tenantId: ctx.tenantId }, select: { id: true, revokedAt: true, name: true } });
    if (!t) throw new ServiceError("not_found", "Token not found");
    if (t.revokedAt) return;
    await tx.managementToken.update({ where: { id, tenantId: ctx.tenantId }, data: { revokedAt: new Date() } });
    await writeAudit(tx, ctx, "management_token.revoke", { type: "management_token", id }, { name: t.name });
  });
}

/** Only every minute per token: a hot API client must not turn each call into a row update. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Resolves a bearer token to a service context. The tenant comes from the token row, so a
 * token can only ever act inside its own tenant. Returns null for any invalid token (the
 * caller answers 401 without saying why).
 */
export async function authenticateManagementToken(
  db: Db,
  bearer: string,
  extra: Pick<ServiceContext, "redis" | "keyring" | "ip"> = {},
): Promise<ServiceContext | null> {
  if (!looksLikeManagementToken(bearer)) return null;
  const row = await db.managementToken.findUnique({
    where: { tokenHash: hashManagementToken(bearer) },
    select: { id: true, tenantId: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true, tenant: { select: { status: true } } },
  });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (row.tenant.status !== "active") return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.managementToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const role: Role = row.scopes.includes("write") ? "admin" : "viewer";
  return { db, tenantId: row.tenantId, actor: { type: "token", tokenId: row.id, role }, ...extra };
}
