import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { ServiceCall, ServiceContext, Tx } from "../context.js";
import { ServiceError } from "../errors.js";
import { assertCan, ROLES } from "../permissions.js";

async function loadMembership(tx: Tx, ctx: ServiceContext, id: string) {
  const m = await tx.membership.findFirst({ where: { id, tenantId: ctx.tenantId }, include: { user: { select: { email: true } } } });
  if (!m) throw new ServiceError("not_found", "Member not found");
  return m;
}

async function assertNotLastOwner(tx: Tx, ctx: ServiceContext): Promise<void> {
  const owners = await tx.membership.count({ where: { tenantId: ctx.tenantId, role: "owner" } });
  if (owners <= 1) throw new ServiceError("conflict", "A workspace needs at least one owner; make someone else owner first");
}

export const changeRoleInput = z.object({ membershipId: z.string().min(1), role: z.enum(ROLES) });

export async function changeMemberRole({ ctx, input }: ServiceCall<z.input<typeof changeRoleInput>>) {
  assertCan(ctx.actor.role, "members:write");
  const { membershipId, role } = changeRoleInput.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const m = await loadMembership(tx, ctx, membershipId);
    if (m.role === role) return m;
    if (m.role === "owner" || role === "owner") assertCan(ctx.actor.role, "members:owner");
    if (m.role === "owner") await assertNotLastOwner(tx, ctx);
    const updated = await tx.membership.update({ where: { id: m.id, tenantId: ctx.tenantId }, data: { role } });
    await writeAudit(tx, ctx, "member.role_change", { type: "membership", id: m.id }, { email: m.user.email, from: m.role, to: role });
    return updated;
  });
}

/** Removes a member; anyone may remove themselves (leave), except the last owner. */
export async function removeMember({ ctx, input }: ServiceCall<{ membershipId: string }>): Promise<void> {
  const { membershipId } = z.object({ membershipId: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const m = await loadMembership(tx, ctx, membershipId);
    const self = ctx.actor.type === "user" && m.userId === ctx.actor.userId;
    if (!self) assertCan(ctx.actor.role, "members:write");
    if (m.role === "owner") {
      if (!self) assertCan(ctx.actor.role, "members:owner");
      await assertNotLastOwner(tx, ctx);
    }
    await tx.membership.delete({ where: { id: m.id, tenantId: ctx.tenantId } });
    await writeAudit(tx, ctx, self ? "member.leave" : "member.remove", { type: "membership", id: m.id }, { email: m.user.email, role: m.role });
  });
}

export async function listMembers({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "members:read");
  const [members, invitations] = await Promise.all([
    ctx.db.membership.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { id: true, name: true, email: true, image: true } } },
    }),
    ctx.db.invitation.findMany({
      where: { tenantId: ctx.tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true, email: true } } },
    }),
  ]);
  return { members, invitations };
}
