"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Field, FormError, FormSuccess, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPassword, type AuthFormState } from "../actions";

export default function ForgotPasswordPage() {
  const [state, action] = useActionState<AuthFormState, FormData>(forgotPassword, {});
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-muted">Enter your email and we will send you a reset link.</p>
      </div>
      <form action={action} className="space-y-4" noValidate>
        <FormError message={state.error} />
        <FormSuccess message={state.message} />
        <Field label="Email" htmlFor="email" error={state.fieldErrors?.email}>
          <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
        </Field>
        <SubmitButton className="w-full" pendingText="Sending…">
          Send reset link
        </SubmitButton>
      </form>
      <Link href="/sign-in" className="block text-center text-sm text-muted hover:text-fg">
        Back to sign in
      </Link>
    </div>
  );
}
