"use client";
import { useActionState } from "react";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction, type AuthFormState } from "../actions";

export function SignUpForm() {
  const [state, action] = useActionState<AuthFormState, FormData>(signUpAction, {});
  const fe = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state.error} />
      <Field label="Name" htmlFor="name" error={fe.name}>
        <Input id="name" name="name" autoComplete="name" required defaultValue={v.name} aria-invalid={!!fe.name} />
      </Field>
      <Field label="Work email" htmlFor="email" error={fe.email}>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={v.email} aria-invalid={!!fe.email} />
      </Field>
      <Field label="Password" htmlFor="password" error={fe.password} hint="At least 10 characters.">
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-invalid={!!fe.password} />
      </Field>
      <Field label="Workspace name" htmlFor="workspaceName" error={fe.workspaceName} hint="Optional. You can rename it later.">
        <Input id="workspaceName" name="workspaceName" placeholder="Acme Inc." defaultValue={v.workspaceName} />
      </Field>
      <SubmitButton className="w-full" pendingText="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
