import { hashSecret } from "@switchboard/keys";
import { z } from "zod";
import type { Db } from "../context.js";
import { ServiceError } from "../errors.js";

export const acceptInvitationInput = z.object({ token: z.string().min(10).max(200), userId: z.string().min(1) });

/** Looks an invitation up by its emailed token (for the accept page), without consuming it. */
export async function findInvitation(db: Db, token: string) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { tenant: { select: { id: true, name: true } }, invitedBy: { select: { name: true, email: true } } },
  });
  if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt <= new Date()) return null;
  return inv;
}

/**
 * Not tenant-scoped by a context: the token is the capability. The signed-in user's email must
 * match the invited address, so a forwarded link cannot be used by someone else.
 */
export async function acceptInvitation({ db, input }: { db: Db; input: z.input<typeof acceptInvitationInput> }) {
  const { token, userId } = acceptInvitationInput.parse(input);
  return db.$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: hashSecret(token) } });
    if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt <= new Date()) throw new ServiceError("not_found", "This invitation is invalid or has expired");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user || user.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw new ServiceError("forbidden", `This invitation was sent to ${inv.email}; sign in with that address to accept it`);
    }
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count === 0) throw new ServiceError("conflict", "This invitation was already accepted");
    const membership = await tx.membership.upsert({
      where: { userId_tenantId: { userId, tenantId: inv.tenantId } },
      create: { userId, tenantId: inv.tenantId, role: inv.role },
      update: {},
    });
    await tx.auditLog.create({
      data: { tenantId: inv.tenantId, actorUserId: userId, actorType: "user", action: "member.accept", targetType: "membership", targetId: membership.id, metadata: { role: inv.role } },
    });
    return { tenantId: inv.tenantId, role: membership.role };
  });
}
