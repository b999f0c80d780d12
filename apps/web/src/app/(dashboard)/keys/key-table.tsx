"use client";
import { MoreHorizontal, Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { revokeKeyAction, rotateKeyAction } from "./actions";
import { EditKeyForm } from "./edit-key";
import { SecretReveal } from "./secret-reveal";

export interface KeyRow {
  id: string;
  name: string;
  displayPrefix: string;
  status: "active" | "revoked" | "expired";
  creator: string;
  created: string;
  lastUsed: string;
  expires: string;
  spend: string;
  budget: string | null;
  limits: string | null;
  models: string | null;
  canChange: boolean;
  edit: { rpmLimit: number | null; tpmLimit: number | null; allowedModels: string[] };
}

const statusTone = { active: "green", revoked: "red", expired: "amber" } as const;

type Pending = { kind: "revoke" | "rotate"; row: KeyRow } | null;

export function KeyTable({ rows, models }: { rows: KeyRow[]; models: string[] }) {
  const [pending, setPending] = useState<Pending>(null);
  const [editing, setEditing] = useState<KeyRow | null>(null);
  const [secret, setSecret] = useState<{ key: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, start] = useTransition();

  function confirm() {
    if (!pending) return;
    setError(null);
    start(async () => {
      if (pending.kind === "revoke") {
        const r = await revokeKeyAction(pending.row.id);
        if (r.ok) setPending(null);
        else setError(r.error);
      } else {
        const r = await rotateKeyAction(pending.row.id);
        if (r.ok) {
          setPending(null);
          setSecret({ key: r.data.key, name: r.data.name });
        } else setError(r.error);
      }
    });
  }

  return (
    <>
      <Table label="API keys">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Key</Th>
            <Th>Status</Th>
            <Th>Created by</Th>
            <Th>Created</Th>
            <Th>Last used</Th>
            <Th className="text-right">Spend this month</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="key-row" data-key-name={r.name} className={r.status !== "active" ? "opacity-60" : undefined}>
              <Td>
                <div className="font-medium">{r.name}</div>
                <div className="text-xs text-muted">{[r.limits, r.budget ? `budget ${r.budget}` : null, r.models ? `models: ${r.models}` : null, r.expires !== "Never" ? `expires ${r.expires}` : null].filter(Boolean).join(" · ") || "No limits"}</div>
              </Td>
              <Td>
                <code className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">{r.displayPrefix}</code>
              </Td>
              <Td>
                <Badge tone={statusTone[r.status]}>{r.status}</Badge>
              </Td>
              <Td className="text-muted">{r.creator}</Td>
              <Td className="text-muted">{r.created}</Td>
              <Td className="text-muted">{r.lastUsed}</Td>
              <Td className="text-right tabular-nums">{r.spend}</Td>
              <Td className="text-right">
                {r.canChange && r.status !== "revoked" ? (
                  <details className="relative inline-block text-left">
                    <summary className="cursor-pointer list-none rounded p-1.5 text-muted hover:bg-subtle hover:text-fg [&::-webkit-details-marker]:hidden" aria-label={`Actions for ${r.name}`}>
                      <MoreHorizontal className="size-4" />
                    </summary>
                    <div className="absolute right-0 z-20 mt-1 w-40 rounded-md border border-line bg-panel p-1 shadow-lg">
                      <button type="button" className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-subtle" onClick={(e) => { (e.currentTarget.closest("details") as HTMLDetailsElement).open = false; setEditing(r); }}>
                        <Pencil className="size-3.5" aria-hidden /> Edit limits
                      </button>
                      <button type="button" className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-subtle" onClick={(e) => { (e.currentTarget.closest("details") as HTMLDetailsElement).open = false; setError(null); setPending({ kind: "rotate", row: r }); }}>
                        <RefreshCw className="size-3.5" aria-hidden /> Rotate
                      </button>
                      <button type="button" className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-sm text-red-600 hover:bg-red-500/10" onClick={(e) => { (e.currentTarget.closest("details") as HTMLDetailsElement).open = false; setError(null); setPending({ kind: "revoke", row: r }); }}>
                        <Trash2 className="size-3.5" aria-hidden /> Revoke
                      </button>
                    </div>
                  </details>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>

      <Dialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={pending?.kind === "revoke" ? `Revoke “${pending.row.name}”?` : `Rotate “${pending?.row.name ?? ""}”?`}
        description={
          pending?.kind === "revoke"
            ? "Requests using this key will be rejected within a second. This cannot be undone."
            : "A new secret replaces the current one. The old secret stops working immediately; limits, budget and history are kept."
        }
      >
        <FormError message={error} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setPending(null)}>
            Cancel
          </Button>
          <Button variant={pending?.kind === "revoke" ? "danger" : "primary"} onClick={confirm} disabled={busy} aria-busy={busy}>
            {busy ? "Working…" : pending?.kind === "revoke" ? "Revoke key" : "Rotate key"}
          </Button>
        </div>
      </Dialog>

      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={`Edit “${editing?.name ?? ""}”`} description="Changes reach every gateway replica within a second.">
        {editing ? <EditKeyForm key={editing.id} row={editing} models={models} onDone={() => setEditing(null)} /> : null}
      </Dialog>

      <Dialog open={secret !== null} onClose={() => setSecret(null)} title="Key rotated">
        {secret ? <SecretReveal secret={secret.key} name={secret.name} /> : null}
        <div className="mt-4 flex justify-end">
          <Button onClick={() => setSecret(null)}>Done</Button>
        </div>
      </Dialog>
    </>
  );
}
