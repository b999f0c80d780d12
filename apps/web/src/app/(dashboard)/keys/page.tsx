import { can, formatPicoUsd, listApiKeys } from "@switchboard/core";
import { listModels } from "@switchboard/catalog";
import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { fmtDate, fmtRelative } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";
import { CreateKeyButton } from "./create-key";
import { KeyTable, type KeyRow } from "./key-table";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage() {
  const ws = await getWorkspace();
  const keys = await listApiKeys({ ctx: ws.ctx, input: {} });
  const canCreate = can(ws.role, "keys:create");
  const canManageAll = can(ws.role, "keys:manage");
  const models = listModels().map((m) => m.id);
  const rows: KeyRow[] = keys.map((k) => ({
    id: k.id,
    name: k.name,
    displayPrefix: k.displayPrefix,
    status: k.status,
    creator: k.createdBy?.name ?? k.createdBy?.email ?? "—",
    created: fmtDate(k.createdAt),
    lastUsed: fmtRelative(k.lastUsedAt),
    expires: k.expiresAt ? fmtDate(k.expiresAt) : "Never",
    spend: formatPicoUsd(k.periodSpendPicoUsd),
    budget: k.budget ? `${formatPicoUsd(k.budget.amountPicoUsd)} / ${k.budget.period}` : null,
    limits: [k.rpmLimit ? `${k.rpmLimit} RPM` : null, k.tpmLimit ? `${k.tpmLimit.toLocaleString("en-US")} TPM` : null].filter(Boolean).join(" · ") || null,
    models: k.allowedModels.length ? k.allowedModels.join(", ") : null,
    canChange: canManageAll || (canCreate && k.createdById === ws.user.id),
    edit: { rpmLimit: k.rpmLimit, tpmLimit: k.tpmLimit, allowedModels: k.allowedModels },
  }));
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate requests to the gateway. Use them with any OpenAI SDK; spend shown is this calendar month (UTC)."
        actions={canCreate ? <CreateKeyButton models={models} /> : null}
      />
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            icon={<KeyRound className="size-5" />}
            title="No API keys yet"
            description="Create a key to start sending requests through the gateway."
            action={canCreate ? <CreateKeyButton models={models} /> : null}
          />
        ) : (
          <KeyTable rows={rows} models={models} />
        )}
      </Card>
    </>
  );
}
