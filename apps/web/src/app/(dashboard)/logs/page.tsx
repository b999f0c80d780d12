import { formatPicoUsd, listApiKeys, listRequestLogs } from "@switchboard/core";
import { ListTree } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";

export const metadata: Metadata = { title: "Request logs" };

export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ws = await getWorkspace();
  const sp = await searchParams;
  const v = (k: string) => (sp[k] ? sp[k] : undefined);
  const filter = { apiKeyId: v("key"), model: v("model"), provider: v("provider"), outcome: v("outcome") as "success" | "error" | "cancelled" | undefined, status: v("status") ? Number(v("status")) : undefined, cursor: v("cursor"), limit: 50 };
  const [page, keys] = await Promise.all([
    listRequestLogs({ ctx: ws.ctx, input: filter }).catch(() => ({ items: [], nextCursor: null })),
    listApiKeys({ ctx: ws.ctx, input: {} }),
  ]);
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  const next = new URLSearchParams(Object.entries({ ...sp, cursor: page.nextCursor ?? "" }).filter((e): e is [string, string] => !!e[1]));
  return (
    <>
      <PageHeader title="Request logs" description="Every request through the gateway, newest first." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-line bg-panel p-3" aria-label="Log filters">
        <label className="text-xs text-muted">
          Key
          <Select name="key" defaultValue={sp.key ?? ""} className="mt-1 w-44">
            <option value="">All keys</option>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-muted">
          Model
          <Input name="model" defaultValue={sp.model} placeholder="openai/gpt-4o-mini" className="mt-1 w-52" />
        </label>
        <label className="text-xs text-muted">
          Provider
          <Input name="provider" defaultValue={sp.provider} placeholder="openai" className="mt-1 w-32" />
        </label>
        <label className="text-xs text-muted">
          Outcome
          <Select name="outcome" defaultValue={sp.outcome ?? ""} className="mt-1 w-32">
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="error">Error</option>
            <option value="cancelled">Cancelled</option>
          </Select>
        </label>
        <label className="text-xs text-muted">
          Status
          <Input name="status" defaultValue={sp.status} inputMode="numeric" placeholder="429" className="mt-1 w-20" />
        </label>
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
        <Link href="/logs" className={buttonClass("ghost")}>
          Reset
        </Link>
      </form>
      <Card>
        {page.items.length === 0 ? (
          <EmptyState icon={<ListTree className="size-5" />} title="No requests found" description="Requests appear here a few seconds after the gateway serves them." />
        ) : (
          <Table label="Request logs">
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Status</Th>
                <Th>Model</Th>
                <Th>Provider</Th>
                <Th>Key</Th>
                <Th className="text-right">Tokens</Th>
                <Th className="text-right">Latency</Th>
                <Th className="text-right">Cost</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((l) => (
                <tr key={l.requestId} data-testid="log-row" data-request-id={l.requestId} className="hover:bg-subtle/50">
                  <Td>
                    <Link href={`/logs/${encodeURIComponent(l.requestId)}`} className="text-muted hover:text-fg hover:underline">
                      {fmtDateTime(l.createdAt)}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={l.httpStatus < 400 ? "green" : l.httpStatus === 429 ? "amber" : "red"}>{l.httpStatus}</Badge>
                    {l.cacheHit ? <span className="ml-1"><Badge tone="violet">cache</Badge></span> : null}
                    {l.stream ? <span className="ml-1"><Badge>stream</Badge></span> : null}
                  </Td>
                  <Td className="font-mono text-xs">{l.servedModel ?? l.requestedModel}</Td>
                  <Td className="text-muted">{l.provider ?? "—"}</Td>
                  <Td className="text-muted">{l.apiKeyId ? (keyName.get(l.apiKeyId) ?? "deleted") : "—"}</Td>
                  <Td className="text-right tabular-nums">{fmtInt(l.promptTokens + l.completionTokens)}</Td>
                  <Td className="text-right tabular-nums">{fmtInt(l.latencyMs)} ms</Td>
                  <Td className="text-right tabular-nums">{formatPicoUsd(l.costPicoUsd)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/logs?${next.toString()}`} className={buttonClass("secondary")}>
            Older →
          </Link>
        </div>
      ) : null}
    </>
  );
}
