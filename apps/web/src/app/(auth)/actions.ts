"use server";
import { hitRateLimit, isServiceError, reissueVerification, requestPasswordReset, resetPassword, signUp } from "@switchboard/core";
import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { db } from "@/server/db";
import { sendPasswordResetMail, sendVerificationMail } from "@/server/mail";
import { redis } from "@/server/redis";

export interface AuthFormState {
  error?: string;
  fieldErrors?: Record<string, string>;
  message?: string;
  values?: Record<string, string>;
}

const str = (f: FormData, k: string) => String(f.get(k) ?? "");

/** Only same-site paths: a crafted ?callbackUrl must not turn sign-in into an open redirect. */
function safeCallback(raw: string): string {
  return raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/overview";
}

async function limited(bucket: string, attempts: number, windowMs: number): Promise<string | null> {
  try {
    const r = await hitRateLimit(redis(), `${bucket}:${await clientIp()}`, attempts, windowMs);
    return r.allowed ? null : `Too many attempts. Try again in ${Math.ceil(r.retryAfterMs / 60_000)} minute(s).`;
  } catch (error) {
    // Failing open on a Redis outage keeps sign-in working; account lockout still applies.
    console.error("[auth] rate limiter unavailable", error);
    return null;
  }
}

const SIGN_IN_MESSAGES: Record<string, string> = {
  invalid: "Incorrect email or password.",
  locked: "Too many failed attempts. This account is locked for 15 minutes; reset your password to unlock it now.",
  unverified: "Please verify your email address first. We can send you a new link.",
  rate_limited: "Too many sign-in attempts from your network. Try again in a few minutes.",
};

export async function signInWithPassword(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = str(form, "email").trim();
  const values = { email };
  const fieldErrors: Record<string, string> = {};
  if (!z.string().email().safeParse(email).success) fieldErrors.email = "Enter a valid email address.";
  if (!str(form, "password")) fieldErrors.password = "Enter your password.";
  if (Object.keys(fieldErrors).length) return { fieldErrors, values };
  try {
    await signIn("credentials", { email, password: str(form, "password"), redirectTo: safeCallback(str(form, "callbackUrl")) });
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: SIGN_IN_MESSAGES[error.code] ?? SIGN_IN_MESSAGES.invalid, values: { ...values, code: error.code } };
    if (error instanceof AuthError) return { error: "Sign-in failed. Please try again.", values };
    throw error; // NEXT_REDIRECT on success
  }
  return {};
}

export async function signInWithMagicLink(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = str(form, "email").trim().toLowerCase();
  if (!z.string().email().safeParse(email).success) return { fieldErrors: { email: "Enter a valid email address." }, values: { email } };
  const slow = await limited("magic", 5, 15 * 60_000);
  if (slow) return { error: slow, values: { email } };
  try {
    await signIn("nodemailer", { email, redirectTo: safeCallback(str(form, "callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) return { error: "We could not send the sign-in link. Please try again.", values: { email } };
    throw error;
  }
  return {};
}

export async function signUpAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: str(form, "name"), email: str(form, "email"), workspaceName: str(form, "workspaceName") };
  const slow = await limited("signup", 10, 60 * 60_000);
  if (slow) return { error: slow, values };
  let email: string;
  try {
    const result = await signUp({ db: db(), input: { ...values, password: str(form, "password"), workspaceName: values.workspaceName || undefined } });
    email = result.user.email;
    await sendVerificationMail(email, result.verifyToken);
  } catch (error) {
    if (isServiceError(error)) return { error: error.message, fieldErrors: error.param ? { [error.param]: error.message } : undefined, values };
    if (error instanceof z.ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const i of error.issues) fieldErrors[String(i.path[0])] ??= i.message;
      return { fieldErrors, values };
    }
    console.error("[sign-up] failed", error);
    return { error: "We could not create your account. Please try again.", values };
  }
  redirect(`/verify-email?email=${encodeURIComponent(email)}`);
}

export async function resendVerification(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = str(form, "email").trim();
  const slow = await limited("resend", 5, 15 * 60_000);
  if (slow) return { error: slow };
  const token = await reissueVerification(db(), email);
  if (token) await sendVerificationMail(email.toLowerCase(), token);
  return { message: "If that account still needs verifying, a new link is on its way." };
}

export async function forgotPassword(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = str(form, "email").trim();
  if (!z.string().email().safeParse(email).success) return { fieldErrors: { email: "Enter a valid email address." }, values: { email } };
  const slow = await limited("reset", 5, 15 * 60_000);
  if (slow) return { error: slow, values: { email } };
  const r = await requestPasswordReset(db(), email);
  if (r) await sendPasswordResetMail(r.email, r.token);
  // Same answer either way, so the form cannot be used to discover accounts.
  return { message: "If an account exists for that email, we have sent a reset link." };
}

export async function resetPasswordAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const password = str(form, "password");
  if (password !== str(form, "confirm")) return { fieldErrors: { confirm: "Passwords do not match." } };
  try {
    const ok = await resetPassword(db(), str(form, "token"), password);
    if (!ok) return { error: "This reset link is invalid or has expired. Request a new one." };
  } catch (error) {
    if (error instanceof z.ZodError) return { fieldErrors: { password: error.issues[0]?.message ?? "Invalid password" } };
    throw error;
  }
  redirect("/sign-in?reset=1");
}
