import { z } from "zod";
import type { Db } from "../context.js";
import { checkPassword, DUMMY_HASH } from "./password.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null; image: string | null } }
  | { ok: false; reason: "invalid" | "locked" | "unverified"; lockedUntil?: Date };

/**
 * Password check with account lockout: the 5th consecutive failure locks the account for 15
 * minutes; a success resets the counter. Unknown emails still pay for a bcrypt compare so
 * timing does not reveal which addresses have accounts.
 */
export async function verifyCredentials(db: Db, input: z.input<typeof credentialsInput>, now: Date = new Date()): Promise<CredentialsResult> {
  const parsed = credentialsInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const user = await db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } } });
  if (!user || !user.passwordHash) {
    await checkPassword(password, DUMMY_HASH);
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  const good = await checkPassword(password, user.passwordHash);
  if (!good) {
    // Atomic increment: parallel guesses cannot each read the same count and slip past the limit.
    const updated = await db.user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } }, select: { failedLoginCount: true } });
    if (updated.failedLoginCount >= MAX_FAILED_LOGINS) {
      const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
      await db.user.update({ where: { id: user.id }, data: { lockedUntil, failedLoginCount: 0 } });
      // A lockout means someone is guessing this password: every workspace's owners should see it.
      const memberships = await db.membership.findMany({ where: { userId: user.id }, select: { tenantId: true } });
      if (memberships.length) {
        await db.auditLog.createMany({
          data: memberships.map((m) => ({ tenantId: m.tenantId, actorUserId: user.id, actorType: "user" as const, action: "user.locked", targetType: "user", targetId: user.id, metadata: { until: lockedUntil.toISOString() } })),
        });
      }
      return { ok: false, reason: "locked", lockedUntil };
    }
    return { ok: false, reason: "invalid" };
  }
  if (user.failedLoginCount !== 0 || user.lockedUntil) await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  if (!user.emailVerified) return { ok: false, reason: "unverified" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, image: user.image } };
}
