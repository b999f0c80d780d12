"use client";
import { Plus } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createKeyAction, type SecretResult } from "./actions";
import { SecretReveal } from "./secret-reveal";

export function CreateKeyButton({ models }: { models: string[] }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden /> Create key
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setFormKey((k) => k + 1); // fresh form (and no lingering secret) next time
        }}
        title="Create API key"
        description="Limits apply per key, on top of the workspace's limits and budgets."
      >
        <CreateKeyForm key={formKey} models={models} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function CreateKeyForm({ models, onDone }: { models: string[]; onDone: () => void }) {
  const [state, action] = useActionState<SecretResult | null, FormData>(createKeyAction, null);
  const [advanced, setAdvanced] = useState(false);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <SecretReveal secret={state.data.key} name={state.data.name} />
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  const fe = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state && !state.ok ? state.error : null} />
      <Field label="Name" htmlFor="key-name" error={fe.name} hint="So you can recognise it later, e.g. “production backend”.">
        <Input id="key-name" name="name" required maxLength={100} autoFocus placeholder="production backend" aria-invalid={!!fe.name} />
      </Field>
      <Field label="Expires" htmlFor="key-expiry" error={fe.expiresAt}>
        <Select id="key-expiry" name="expiry" defaultValue="never">
          <option value="never">Never</option>
          <option value="7">In 7 days</option>
          <option value="30">In 30 days</option>
          <option value="90">In 90 days</option>
          <option value="365">In 1 year</option>
        </Select>
      </Field>
      <button type="button" className="text-sm font-medium text-brand hover:underline" aria-expanded={advanced} onClick={() => setAdvanced((a) => !a)}>
        {advanced ? "Hide" : "Show"} limits, models and budget
      </button>
      <div hidden={!advanced} className="space-y-4">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Requests / minute" htmlFor="key-rpm" error={fe.rpmLimit} hint="Blank = no key limit">
            <Input id="key-rpm" name="rpmLimit" type="number" min={1} inputMode="numeric" />
          </Field>
          <Field label="Tokens / minute" htmlFor="key-tpm" error={fe.tpmLimit} hint="Blank = no key limit">
            <Input id="key-tpm" name="tpmLimit" type="number" min={1} inputMode="numeric" />
          </Field>
        </div>
        <Field label="Allowed models" htmlFor="key-models" error={fe.allowedModels} hint="None selected = every model. Ctrl/⌘-click to select several.">
          <Select id="key-models" name="allowedModels" multiple className="h-32">
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid grid-cols-3 gap-3">
          <Field label="Budget (USD)" htmlFor="key-budget" error={fe.budgetUsd ?? fe["budget.amountPicoUsd"]} className="col-span-3 sm:col-span-1">
            <Input id="key-budget" name="budgetUsd" inputMode="decimal" placeholder="none" />
          </Field>
          <Field label="Period" htmlFor="key-budget-period">
            <Select id="key-budget-period" name="budgetPeriod" defaultValue="monthly">
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
              <option value="total">Lifetime</option>
            </Select>
          </Field>
          <Field label="When reached" htmlFor="key-budget-enf">
            <Select id="key-budget-enf" name="budgetEnforcement" defaultValue="hard">
              <option value="hard">Block</option>
              <option value="soft">Alert only</option>
            </Select>
          </Field>
        </div>
      </div>
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <SubmitButton pendingText="Creating…">Create key</SubmitButton>
      </div>
    </form>
  );
}
