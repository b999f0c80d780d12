import type { Prisma } from "@switchboard/db";
import type { BillingContext } from "../context.js";

export type Tx = Prisma.TransactionClient;

/** What a handler asks to happen after its transaction commits (side effects outside Postgres). */
export interface AfterCommit {
  invalidateTenants: string[];
}

export interface HandlerArgs<T> {
  ctx: BillingContext;
  tx: Tx;
  object: T;
  eventId: string;
  after: AfterCommit;
}

export async function tenantByCustomer(tx: Tx, customerId: string): Promise<{ id: string; status: string; suspendReason: string | null; stripeSubscriptionId: string | null } | null> {
  return tx.tenant.findUnique({
    where: { stripeCustomerId: customerId },
    select: { id: true, status: true, suspendReason: true, stripeSubscriptionId: true },
  });
}

export async function audit(tx: Tx, tenantId: string, action: string, targetType: string, targetId: string, metadata: Record<string, unknown>): Promise<void> {
  await tx.auditLog.create({ data: { tenantId, actorType: "system", action, targetType, targetId, metadata: metadata as Prisma.InputJsonValue } });
}
