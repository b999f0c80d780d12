import type { Prisma, PrismaClient } from "@switchboard/db";
import type { Keyring } from "@switchboard/keys";
import type { InvalidationRedis } from "./invalidation.js";
import type { Role } from "./permissions.js";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/** Who is acting: a signed-in member (dashboard) or a management token (REST API). */
export type Actor = { type: "user"; userId: string; role: Role } | { type: "token"; tokenId: string; role: Role };

/**
 * Everything a tenant-scoped service needs. `tenantId` comes from the session's active
 * membership or from the management token row, never from request input, so no input can
 * point a service at another tenant.
 */
export interface ServiceContext {
  db: Db;
  tenantId: string;
  actor: Actor;
  /** Gateway cache invalidation; absent in contexts that change nothing the gateway caches. */
  redis?: InvalidationRedis;
  /** Encrypts BYOK provider credentials (SECRETS_KEYRING). */
  keyring?: Keyring;
  ip?: string;
}

export interface ServiceCall<I> {
  ctx: ServiceContext;
  input: I;
}

export function actorUserId(ctx: ServiceContext): string | null {
  return ctx.actor.type === "user" ? ctx.actor.userId : null;
}
