import { AUDIT_ACTION_GROUPS, can, listAuditLogs } from "@switchboard/core";
import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtDateTime } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";

export const metadata: Metadata = { title: "Audit log" };

const tone = (action: string) =>
  /revoke|delete|remove|locked|suspend|payment_failed/.test(action) ? "red" : /create|invite|accept|sign_in/.test(action) ? "green" : /rotate|role_change|update/.test(action) ? "amber" : "neutral";

/** Compact, readable details: the metadata's scalar fields, never secrets (services store none). */
function details(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ws = await getWorkspace();
  // Members and viewers do not learn the page exists.
  if (!can(ws.role, "audit:read")) notFound();
  const sp = await searchParams;
  const page = await listAuditLogs({ ctx: ws.ctx, input: { action: sp.action || undefined, cursor: sp.cursor || undefined, limit: 50 } }).catch(() => ({ items: [], nextCursor: null }));
  const next = new URLSearchParams({ ...(sp.action ? { action: sp.action } : {}), cursor: page.nextCursor ?? "" });
  return (
    <>
      <PageHeader title="Audit log" description="Security-relevant actions in this workspace: keys, members, tokens, credentials, budgets, billing and sign-ins." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-line bg-panel p-3" aria-label="Audit filters">
        <label className="text-xs text-muted">
          Kind
          <Select name="action" defaultValue={sp.action ?? ""} className="mt-1 w-56">
            <option value="">Everything</option>
            {AUDIT_ACTION_GROUPS.map((g) => (
              <option key={g.prefix} value={g.prefix}>
                {g.label}
              </option>
            ))}
          </Select>
        </label>
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
        <Link href="/audit" className={buttonClass("ghost")}>
          Reset
        </Link>
      </form>
      <Card>
        {page.items.length === 0 ? (
          <EmptyState icon={<ShieldCheck className="size-5" />} title="Nothing recorded" description="Key, member, token, credential, budget and billing changes appear here as they happen." />
        ) : (
          <Table label="Audit log">
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Action</Th>
                <Th>Actor</Th>
                <Th>Target</Th>
                <Th>Details</Th>
                <Th>IP</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.id} data-testid="audit-row" data-action={a.action}>
                  <Td className="whitespace-nowrap text-muted">{fmtDateTime(a.createdAt)}</Td>
                  <Td>
                    <Badge tone={tone(a.action)}>{a.action}</Badge>
                  </Td>
                  <Td className="max-w-56 truncate" title={a.actorEmail ?? undefined}>
                    {a.actorEmail ?? (a.actorType === "token" ? "management token" : a.actorType)}
                  </Td>
                  <Td className="whitespace-nowrap font-mono text-xs text-muted" title={a.targetId ?? undefined}>
                    {a.targetType ? `${a.targetType} ${a.targetId ? `…${a.targetId.slice(-6)}` : ""}` : "—"}
                  </Td>
                  <Td className="max-w-56 truncate text-xs text-muted" title={details(a.metadata)}>
                    {details(a.metadata) || "—"}
                  </Td>
                  <Td className="text-xs text-muted">{a.ip ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/audit?${next.toString()}`} className={buttonClass("secondary")}>
            Older →
          </Link>
        </div>
      ) : null}
    </>
  );
}
