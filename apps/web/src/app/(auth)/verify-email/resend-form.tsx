"use client";
import { useActionState } from "react";
import { FormError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendVerification, type AuthFormState } from "../actions";

export function ResendForm({ email }: { email: string }) {
  const [state, action] = useActionState<AuthFormState, FormData>(resendVerification, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="email" value={email} />
      <FormError message={state.error} />
      {state.message ? <p className="text-sm text-muted" role="status">{state.message}</p> : <SubmitButton variant="secondary" size="sm">Resend email</SubmitButton>}
    </form>
  );
}
