import type { Db } from "../context.js";
import { consumeEmailToken, issueEmailToken } from "./email-token.js";
import { hashPassword, passwordSchema } from "./password.js";

/** Marks the address verified; returns the email, or null for a bad/expired/used link. */
export async function verifyEmail(db: Db, token: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const email = await consumeEmailToken(tx, "verify", token);
    if (!email) return null;
    const { count } = await tx.user.updateMany({ where: { email: { equals: email, mode: "insensitive" }, emailVerified: null }, data: { emailVerified: new Date() } });
    void count;
    return email;
  });
}

/** A new verification token for an unverified account, or null (unknown or already verified). */
export async function reissueVerification(db: Db, email: string): Promise<string | null> {
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { email: true, emailVerified: true } });
  if (!user || user.emailVerified) return null;
  return issueEmailToken(db, "verify", user.email);
}

/** A reset token for a known account, or null; callers answer the same either way. */
export async function requestPasswordReset(db: Db, email: string): Promise<{ email: string; token: string } | null> {
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { email: true } });
  if (!user) return null;
  return { email: user.email, token: await issueEmailToken(db, "reset", user.email) };
}

/**
 * Sets a new password from a reset link. Also clears the lockout and marks the address verified:
 * receiving the mail proves ownership just as the verification link does.
 */
export async function resetPassword(db: Db, token: string, newPassword: string): Promise<boolean> {
  const password = passwordSchema.parse(newPassword);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const email = await consumeEmailToken(tx, "reset", token);
    if (!email) return false;
    const user = await tx.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true, emailVerified: true } });
    if (!user) return false;
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null, emailVerified: user.emailVerified ?? new Date() },
    });
    return true;
  });
}
