"use client";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, FormError, FormSuccess, Input, Select } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/action-result";
import { bodiesAction, changeRoleAction, createTokenAction, deleteWorkspaceAction, inviteAction, removeMemberAction, renameAction, revokeInvitationAction, revokeTokenAction } from "./actions";

type Role = "owner" | "admin" | "member" | "viewer";

function errorOf(s: { ok: boolean; error?: string } | null) {
  return s && !s.ok ? (s.error ?? null) : null;
}

export function RenameForm({ name, disabled }: { name: string; disabled: boolean }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(renameAction, null);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <Field label="Workspace name" htmlFor="ws-name" error={errorOf(state) ?? undefined} className="min-w-64 flex-1">
        <Input id="ws-name" name="name" defaultValue={name} disabled={disabled} />
      </Field>
      <SubmitButton variant="secondary" disabled={disabled} pendingText="Saving…">
        Save
      </SubmitButton>
      {state?.ok ? <span className="pb-2 text-sm text-emerald-600">Saved</span> : null}
    </form>
  );
}

export function BodiesForm({ enabled, disabled }: { enabled: boolean; disabled: boolean }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(bodiesAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={enabled} disabled={disabled} className="h-4 w-4" />
        Store request and response bodies in the request log
      </label>
      <SubmitButton variant="secondary" disabled={disabled} pendingText="Saving…">
        Save
      </SubmitButton>
      <FormError message={errorOf(state)} />
      {state?.ok ? <span className="text-sm text-emerald-600">Saved</span> : null}
    </form>
  );
}

export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(inviteAction, null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);
  return (
    <form ref={ref} action={action} className="space-y-3">
      <FormError message={errorOf(state)} />
      <FormSuccess message={state?.ok ? "Invitation sent." : null} />
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Email" htmlFor="inv-email" className="min-w-64 flex-1">
          <Input id="inv-email" name="email" type="email" placeholder="teammate@company.com" />
        </Field>
        <Field label="Role" htmlFor="inv-role">
          <Select id="inv-role" name="role" defaultValue="member">
            {canInviteOwner ? <option value="owner">Owner</option> : null}
            <option value="admin">Admin</option>
            <option value="member">Member</option>
            <option value="viewer">Viewer</option>
          </Select>
        </Field>
        <SubmitButton pendingText="Sending…">Send invite</SubmitButton>
      </div>
    </form>
  );
}

function useAct() {
  const [busy, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<ActionResult>) => start(async () => {
    setError(null);
    const r = await fn();
    if (!r.ok) setError(r.error);
  });
  return { busy, error, act };
}

export function MemberControls({ membershipId, role, roles, canRemove, isSelf }: { membershipId: string; role: Role; roles: Role[]; canRemove: boolean; isSelf: boolean }) {
  const { busy, error, act } = useAct();
  return (
    <div className="flex items-center justify-end gap-2">
      {error ? <span className="max-w-64 text-xs text-red-600">{error}</span> : null}
      {roles.length > 1 ? (
        <Select aria-label="Role" className="h-8 w-28 text-xs" value={role} disabled={busy} onChange={(e) => act(() => changeRoleAction(membershipId, e.target.value as Role))}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      ) : null}
      {canRemove ? (
        <Button variant="ghost" size="sm" disabled={busy} onClick={() => window.confirm(isSelf ? "Leave this workspace?" : "Remove this member?") && act(() => removeMemberAction(membershipId))}>
          {isSelf ? "Leave" : "Remove"}
        </Button>
      ) : null}
    </div>
  );
}

export function RevokeButton({ id, kind }: { id: string; kind: "invitation" | "token" }) {
  const { busy, error, act } = useAct();
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
      <Button variant="ghost" size="sm" disabled={busy} onClick={() => window.confirm(`Revoke this ${kind}?`) && act(() => (kind === "invitation" ? revokeInvitationAction(id) : revokeTokenAction(id)))}>
        Revoke
      </Button>
    </span>
  );
}

export function TokenForm() {
  const [state, action] = useActionState<ActionResult<{ token: string }> | null, FormData>(createTokenAction, null);
  return (
    <div className="space-y-3">
      {state?.ok ? (
        <div className="space-y-2 rounded-md border border-amber-500/30 bg-amber-500/10 p-3 text-sm">
          <p>Copy this token now; it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate font-mono text-xs" data-testid="new-mgmt-token">
              {state.data.token}
            </code>
            <CopyButton value={state.data.token} />
          </div>
        </div>
      ) : null}
      <form action={action} className="flex flex-wrap items-end gap-3">
        <FormError message={errorOf(state)} />
        <Field label="Token name" htmlFor="tok-name" className="min-w-64 flex-1">
          <Input id="tok-name" name="name" placeholder="CI / terraform" />
        </Field>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="readOnly" className="size-4" /> Read-only
        </label>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
    </div>
  );
}

export function DeleteWorkspaceForm({ name }: { name: string }) {
  const [state, action] = useActionState<ActionResult | null, FormData>(deleteWorkspaceAction, null);
  return (
    <form action={action} className="space-y-3">
      <FormError message={errorOf(state)} />
      <Field label={`Type “${name}” to confirm`} htmlFor="del-confirm">
        <Input id="del-confirm" name="confirmName" autoComplete="off" />
      </Field>
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete workspace
      </SubmitButton>
    </form>
  );
}
