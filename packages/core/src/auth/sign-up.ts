import { z } from "zod";
import type { Db } from "../context.js";
import { ServiceError } from "../errors.js";
import { createTenantTx } from "../tenant/tenant.js";
import { issueEmailToken } from "./email-token.js";
import { hashPassword, passwordSchema } from "./password.js";

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: passwordSchema,
  workspaceName: z.string().trim().max(80).optional(),
});
export type SignUpInput = z.input<typeof signUpInput>;

/**
 * Creates the user, their first workspace (as owner) and an email verification token in one
 * transaction. Returns the token for the caller to mail; the user cannot sign in with a
 * password until the address is verified.
 */
export async function signUp({ db, input }: { db: Db; input: SignUpInput }) {
  const data = signUpInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findFirst({ where: { email: { equals: data.email, mode: "insensitive" } }, select: { id: true } });
    if (existing) throw new ServiceError("conflict", "An account with this email already exists", "email");
    const user = await tx.user.create({ data: { name: data.name, email: data.email, passwordHash } });
    const { tenant } = await createTenantTx(tx, { name: data.workspaceName || `${data.name.split(" ")[0]}'s workspace`, userId: user.id, billingEmail: data.email });
    const verifyToken = await issueEmailToken(tx, "verify", data.email);
    return { user: { id: user.id, email: user.email, name: user.name }, tenant, verifyToken };
  });
}
