import { hashSecret, randomBase62 } from "@switchboard/keys";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import { actorUserId, type ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { assertCan, ROLES } from "../permissions.js";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const inviteMemberInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: z.enum(ROLES).default("member"),
});

/**
 * Creates an invitation and returns its one-time token for the caller to email. Re-inviting
 * the same address replaces the open invitation, so only the newest link works.
 */
export async function inviteMember({ ctx, input }: ServiceCall<z.input<typeof inviteMemberInput>>) {
  assertCan(ctx.actor.role, "members:write");
  const data = inviteMemberInput.parse(input);
  if (data.role === "owner") assertCan(ctx.actor.role, "members:owner");
  const token = randomBase62(40);
  const invitation = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.membership.findFirst({ where: { tenantId: ctx.tenantId, user: { email: { equals: data.email, mode: "insensitive" } } } });
    if (existing) throw new ServiceError("conflict", "That person is already a member", "email");
    await tx.invitation.updateMany({
      where: { tenantId: ctx.tenantId, email: data.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        tenantId: ctx.tenantId,
        email: data.email,
        role: data.role,
        tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        invitedById: actorUserId(ctx),
      },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    });
    await writeAudit(tx, ctx, "member.invite", { type: "invitation", id: invitation.id }, { email: data.email, role: data.role });
    return invitation;
  });
  return { invitation, token };
}

export async function revokeInvitation({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  assertCan(ctx.actor.role, "members:write");
  const { id } = z.object({ id: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id, tenantId: ctx.tenantId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new ServiceError("not_found", "Invitation not found");
    await writeAudit(tx, ctx, "member.invitation_revoke", { type: "invitation", id });
  });
}
