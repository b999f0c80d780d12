"use client";
import { Trash2 } from "lucide-react";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, FormSuccess, Input, Select } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/action-result";
import { createCredentialAction, createRouteAction, deleteCredentialAction, deleteRouteAction } from "./actions";

function useResetOnSuccess(state: ActionResult | null) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);
  return ref;
}

export function CredentialForm({ providers }: { providers: Array<{ id: string; name: string }> }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(createCredentialAction, null);
  const ref = useResetOnSuccess(state);
  const fe = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form ref={ref} action={action} className="grid gap-3 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <FormError message={state && !state.ok ? state.error : null} />
        <FormSuccess message={state?.ok ? "Credential saved (encrypted)." : null} />
      </div>
      <Field label="Provider" htmlFor="c-provider" error={fe.provider}>
        <Select id="c-provider" name="provider">
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Name" htmlFor="c-name" error={fe.name}>
        <Input id="c-name" name="name" placeholder="our OpenAI org" />
      </Field>
      <Field label="API key" htmlFor="c-secret" error={fe.secret} hint="Encrypted with AES-256-GCM; never shown again.">
        <Input id="c-secret" name="secret" type="password" autoComplete="off" />
      </Field>
      <Field label="Base URL (optional)" htmlFor="c-base" error={fe.baseUrl} hint="For Azure, proxies or self-hosted OpenAI-compatible servers.">
        <Input id="c-base" name="baseUrl" placeholder="https://…" />
      </Field>
      <div className="sm:col-span-2 flex justify-end">
        <SubmitButton pendingText="Saving…">Add credential</SubmitButton>
      </div>
    </form>
  );
}

export function RouteForm({ credentials }: { credentials: Array<{ id: string; name: string }> }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(createRouteAction, null);
  const ref = useResetOnSuccess(state);
  const fe = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form ref={ref} action={action} className="grid gap-3 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <FormError message={state && !state.ok ? state.error : null} />
        <FormSuccess message={state?.ok ? "Route created." : null} />
      </div>
      <Field label="Route name (the model clients send)" htmlFor="r-name" error={fe.name}>
        <Input id="r-name" name="name" placeholder="smart" />
      </Field>
      <Field label="Strategy" htmlFor="r-strategy">
        <Select id="r-strategy" name="strategy" defaultValue="fallback">
          <option value="fallback">Fallback (in order)</option>
          <option value="weighted">Weighted</option>
          <option value="latency">Lowest latency</option>
          <option value="cost">Lowest cost</option>
        </Select>
      </Field>
      <Field label="Targets" htmlFor="r-targets" error={fe.targets} hint="Model ids in order, comma-separated." className="sm:col-span-2">
        <Input id="r-targets" name="targets" placeholder="openai/gpt-4o-mini, anthropic/claude-3-5-haiku" />
      </Field>
      <Field label="Credential" htmlFor="r-cred">
        <Select id="r-cred" name="credentialId" defaultValue="">
          <option value="">Platform keys</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" name="cache" className="size-4" /> Cache identical requests (1 h)
      </label>
      <div className="sm:col-span-2 flex justify-end">
        <SubmitButton pendingText="Saving…">Create route</SubmitButton>
      </div>
    </form>
  );
}

export function DeleteButton({ id, kind, label }: { id: string; kind: "credential" | "route"; label: string }) {
  const [busy, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button
        variant="ghost"
        size="sm"
        aria-label={`Delete ${label}`}
        disabled={busy}
        onClick={() => {
          if (!window.confirm(`Delete ${label}?`)) return;
          start(async () => {
            const r = kind === "credential" ? await deleteCredentialAction(id) : await deleteRouteAction(id);
            if (!r.ok) setError(r.error);
          });
        }}
      >
        <Trash2 className="size-4" />
      </Button>
    </span>
  );
}
