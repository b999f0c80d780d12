"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendVerification, signInWithMagicLink, signInWithPassword, type AuthFormState } from "../actions";

export function SignInForms({ defaultEmail, callbackUrl }: { defaultEmail: string; callbackUrl: string }) {
  const [mode, setMode] = useState<"password" | "link">("password");
  const [pw, pwAction] = useActionState<AuthFormState, FormData>(signInWithPassword, {});
  const [link, linkAction] = useActionState<AuthFormState, FormData>(signInWithMagicLink, {});
  const [resend, resendAction] = useActionState<AuthFormState, FormData>(resendVerification, {});
  const email = pw.values?.email ?? link.values?.email ?? defaultEmail;

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Sign-in method" className="grid grid-cols-2 rounded-md bg-subtle p-1 text-sm">
        {(["password", "link"] as const).map((m) => (
          <button
            key={m}
            role="tab"
            type="button"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className={`rounded px-3 py-1.5 font-medium transition ${mode === m ? "bg-panel text-fg shadow-sm" : "text-muted hover:text-fg"}`}
          >
            {m === "password" ? "Password" : "Email link"}
          </button>
        ))}
      </div>

      {mode === "password" ? (
        <form action={pwAction} className="space-y-4" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <FormError message={pw.error} />
          <Field label="Email" htmlFor="email" error={pw.fieldErrors?.email}>
            <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={email} aria-invalid={!!pw.fieldErrors?.email} aria-describedby="email-error" />
          </Field>
          <Field label="Password" htmlFor="password" error={pw.fieldErrors?.password}>
            <Input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!pw.fieldErrors?.password} aria-describedby="password-error" />
          </Field>
          <div className="flex justify-end">
            <Link href="/forgot-password" className="text-xs text-muted hover:text-fg">
              Forgot password?
            </Link>
          </div>
          <SubmitButton className="w-full" pendingText="Signing in…">
            Sign in
          </SubmitButton>
        </form>
      ) : (
        <form action={linkAction} className="space-y-4" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <FormError message={link.error} />
          <Field label="Email" htmlFor="link-email" error={link.fieldErrors?.email} hint="We will email you a one-time sign-in link.">
            <Input id="link-email" name="email" type="email" autoComplete="email" required defaultValue={email} />
          </Field>
          <SubmitButton className="w-full" pendingText="Sending…">
            Email me a link
          </SubmitButton>
        </form>
      )}

      {pw.values?.code === "unverified" ? (
        <form action={resendAction} className="text-center text-sm">
          <input type="hidden" name="email" value={pw.values.email} />
          {resend.message ? (
            <p className="text-muted">{resend.message}</p>
          ) : (
            <SubmitButton variant="ghost" size="sm">
              Resend verification email
            </SubmitButton>
          )}
        </form>
      ) : null}
    </div>
  );
}
