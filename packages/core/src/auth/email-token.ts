import { hashSecret, randomBase62 } from "@switchboard/keys";
import type { Db, Tx } from "../context.js";

/**
 * One-time email tokens (verify address, reset password) in Auth.js's VerificationToken table,
 * namespaced by identifier (`verify:<email>`, `reset:<email>`) so they never collide with magic
 * links. Only the SHA-256 of the token is stored.
 */
export type EmailTokenPurpose = "verify" | "reset";

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = { verify: 24 * 3600_000, reset: 3600_000 };

export async function issueEmailToken(db: Db | Tx, purpose: EmailTokenPurpose, email: string): Promise<string> {
  const identifier = `${purpose}:${email.toLowerCase()}`;
  const token = randomBase62(40);
  // A fresh link invalidates older ones: only the newest mail works.
  await db.verificationToken.deleteMany({ where: { identifier } });
  await db.verificationToken.create({ data: { identifier, token: hashSecret(token), expires: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[purpose]) } });
  return token;
}

/** Consumes a token (single use); returns the email it was issued for, or null. */
export async function consumeEmailToken(db: Db | Tx, purpose: EmailTokenPurpose, token: string): Promise<string | null> {
  if (!/^[0-9A-Za-z]{20,100}$/.test(token)) return null;
  const row = await db.verificationToken.findFirst({ where: { token: hashSecret(token), identifier: { startsWith: `${purpose}:` } } });
  if (!row) return null;
  // deleteMany, not delete: two concurrent clicks must not both succeed.
  const { count } = await db.verificationToken.deleteMany({ where: { identifier: row.identifier, token: row.token } });
  if (count === 0 || row.expires <= new Date()) return null;
  return row.identifier.slice(purpose.length + 1);
}
