"use client";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/action-result";
import { updateKeyAction } from "./actions";
import type { KeyRow } from "./key-table";

export function EditKeyForm({ row, models, onDone }: { row: KeyRow; models: string[]; onDone: () => void }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(updateKeyAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  const fe = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const options = [...new Set([...models, ...row.edit.allowedModels])];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="id" value={row.id} />
      <FormError message={state && !state.ok ? state.error : null} />
      <Field label="Name" htmlFor="edit-key-name" error={fe.name}>
        <Input id="edit-key-name" name="name" defaultValue={row.name} required maxLength={100} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Requests / minute" htmlFor="edit-key-rpm" error={fe.rpmLimit} hint="Blank = no key limit">
          <Input id="edit-key-rpm" name="rpmLimit" type="number" min={1} inputMode="numeric" defaultValue={row.edit.rpmLimit ?? ""} />
        </Field>
        <Field label="Tokens / minute" htmlFor="edit-key-tpm" error={fe.tpmLimit} hint="Blank = no key limit">
          <Input id="edit-key-tpm" name="tpmLimit" type="number" min={1} inputMode="numeric" defaultValue={row.edit.tpmLimit ?? ""} />
        </Field>
      </div>
      <Field label="Allowed models" htmlFor="edit-key-models" error={fe.allowedModels} hint="None selected = every model. Ctrl/⌘-click to select several.">
        <Select id="edit-key-models" name="allowedModels" multiple className="h-32" defaultValue={row.edit.allowedModels}>
          {options.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}
