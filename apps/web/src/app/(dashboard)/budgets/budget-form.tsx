"use client";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useActionState, useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/action-result";
import { createBudgetAction, deleteBudgetAction, updateBudgetAction } from "./actions";

/** An existing budget, as the edit form pre-fills it (amount already in USD text). */
export interface BudgetValues {
  id: string;
  scopeLabel: string;
  amountUsd: string;
  period: string;
  enforcement: string;
  thresholds: string;
  recipients: string;
}

export function NewBudgetButton({ keys, defaultRecipient }: { keys: Array<{ id: string; name: string }>; defaultRecipient: string }) {
  const [open, setOpen] = useState(false);
  const [n, setN] = useState(0);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden /> New budget
      </Button>
      <Dialog open={open} onClose={() => { setOpen(false); setN((x) => x + 1); }} title="New budget" description="Hard budgets block requests once reached; soft budgets only alert.">
        <BudgetForm key={n} keys={keys} defaultRecipient={defaultRecipient} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

export function EditBudgetButton({ budget }: { budget: BudgetValues }) {
  const [open, setOpen] = useState(false);
  const [n, setN] = useState(0);
  return (
    <>
      <Button variant="ghost" size="sm" aria-label="Edit budget" onClick={() => setOpen(true)}>
        <Pencil className="size-4" />
      </Button>
      <Dialog open={open} onClose={() => { setOpen(false); setN((x) => x + 1); }} title="Edit budget" description={budget.scopeLabel}>
        <BudgetForm key={n} keys={[]} defaultRecipient="" existing={budget} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function BudgetForm({ keys, defaultRecipient, existing, onDone }: { keys: Array<{ id: string; name: string }>; defaultRecipient: string; existing?: BudgetValues; onDone: () => void }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(existing ? updateBudgetAction : createBudgetAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  const fe = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={state && !state.ok ? state.error : null} />
      {existing ? <input type="hidden" name="id" value={existing.id} /> : null}
      {existing ? null : <Field label="Applies to" htmlFor="b-scope">
        <Select id="b-scope" name="apiKeyId" defaultValue="">
          <option value="">Whole workspace</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              Key: {k.name}
            </option>
          ))}
        </Select>
      </Field>}
      <div className="grid grid-cols-2 gap-3">
        <Field label="Amount (USD)" htmlFor="b-amount" error={fe.amountUsd ?? fe.amountPicoUsd}>
          <Input id="b-amount" name="amountUsd" inputMode="decimal" placeholder="100.00" required defaultValue={existing?.amountUsd} />
        </Field>
        <Field label="Period" htmlFor="b-period">
          <Select id="b-period" name="period" defaultValue={existing?.period ?? "monthly"}>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
            <option value="total">Lifetime</option>
          </Select>
        </Field>
      </div>
      <Field label="When reached" htmlFor="b-enf">
        <Select id="b-enf" name="enforcement" defaultValue={existing?.enforcement ?? "soft"}>
          <option value="soft">Soft: alert only</option>
          <option value="hard">Hard: block requests</option>
        </Select>
      </Field>
      <Field label="Alert thresholds (%)" htmlFor="b-thr" error={fe.thresholds ?? fe.alertThresholds} hint="Comma-separated, e.g. 50, 80, 100">
        <Input id="b-thr" name="thresholds" defaultValue={existing?.thresholds ?? "50, 80, 100"} />
      </Field>
      <Field label="Alert recipients" htmlFor="b-rcpt" error={fe.recipients} hint="Comma-separated emails">
        <Input id="b-rcpt" name="recipients" defaultValue={existing?.recipients ?? defaultRecipient} />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <SubmitButton pendingText="Saving…">{existing ? "Save budget" : "Create budget"}</SubmitButton>
      </div>
    </form>
  );
}

export function DeleteBudgetButton({ id }: { id: string }) {
  const [busy, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button
        variant="ghost"
        size="sm"
        aria-label="Delete budget"
        disabled={busy}
        onClick={() => {
          if (!window.confirm("Delete this budget? Requests will no longer be checked against it.")) return;
          start(async () => {
            const r = await deleteBudgetAction(id);
            if (!r.ok) setError(r.error);
          });
        }}
      >
        <Trash2 className="size-4" />
      </Button>
    </span>
  );
}
