"use client";
import { useActionState } from "react";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/action-result";
import { createWorkspaceAction } from "./actions";

export function CreateWorkspaceForm() {
  const [state, action] = useActionState<ActionResult | null, FormData>(createWorkspaceAction, null);
  return (
    <form action={action} className="space-y-4">
      <FormError message={state && !state.ok ? state.error : null} />
      <Field label="Workspace name" htmlFor="ws-name" hint="Usually your company or team.">
        <Input id="ws-name" name="name" required autoFocus placeholder="Acme Inc." />
      </Field>
      <SubmitButton className="w-full" pendingText="Creating…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
