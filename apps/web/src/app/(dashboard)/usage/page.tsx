import { formatPicoUsd, listApiKeys, usageByModelDay, usageDimensions, usageTotals, type UsageRow } from "@switchboard/core";
import { BarChart3, Download } from "lucide-react";
import type { Metadata } from "next";
import { LineChart, type LinePoint } from "@/components/charts/line-chart";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtCompact, fmtInt, fmtPercent, picoToChartUsd } from "@/lib/format";
import { dayRange, pivotByDay } from "@/lib/series";
import { parseUsageSearch, toQuery, toServiceFilter } from "@/lib/usage-filter";
import { getWorkspace } from "@/server/workspace";

export const metadata: Metadata = { title: "Usage" };

function perDay(rows: UsageRow[], days: string[]) {
  const m = new Map(days.map((d) => [d, { requests: 0n, errors: 0n, cacheHits: 0n, latency: 0n, prompt: 0n, completion: 0n }]));
  for (const r of rows) {
    const x = m.get(r.day);
    if (!x) continue;
    x.requests += r.requests;
    x.errors += r.errors;
    x.cacheHits += r.cacheHits;
    x.latency += r.latencyMsSum;
    x.prompt += r.promptTokens;
    x.completion += r.completionTokens;
  }
  return days.map((d) => ({ day: d, ...m.get(d)! }));
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ws = await getWorkspace();
  const search = parseUsageSearch(await searchParams);
  const filter = toServiceFilter(search);
  const [rows, totals, dims, keys] = await Promise.all([
    usageByModelDay({ ctx: ws.ctx, input: filter }),
    usageTotals({ ctx: ws.ctx, input: filter }),
    usageDimensions({ ctx: ws.ctx, input: undefined }),
    listApiKeys({ ctx: ws.ctx, input: {} }),
  ]);
  const days = dayRange(filter.from, filter.to);
  const spend = pivotByDay(rows, days, (r) => r.model || "(none)", (r) => picoToChartUsd(r.costPicoUsd));
  const daily = perDay(rows, days);
  const tokens = daily.map((d) => ({ label: d.day.slice(5), "tokens in": Number(d.prompt), "tokens out": Number(d.completion) }));
  const reqs: LinePoint[] = daily.map((d) => ({ label: d.day.slice(5), requests: Number(d.requests), errors: Number(d.errors) }));
  const rates: LinePoint[] = daily.map((d) => ({
    label: d.day.slice(5),
    "error rate": d.requests ? Number((d.errors * 10000n) / d.requests) / 100 : null,
    "cache hit rate": d.requests ? Number((d.cacheHits * 10000n) / d.requests) / 100 : null,
  }));
  const latency: LinePoint[] = daily.map((d) => ({ label: d.day.slice(5), "avg latency": d.requests ? Number(d.latency / d.requests) : null }));
  const byModel = new Map<string, { cost: bigint; requests: bigint; prompt: bigint; completion: bigint; errors: bigint; latency: bigint; provider: string }>();
  for (const r of rows) {
    const k = `${r.model}|${r.provider}`;
    const x = byModel.get(k) ?? { cost: 0n, requests: 0n, prompt: 0n, completion: 0n, errors: 0n, latency: 0n, provider: r.provider };
    x.cost += r.costPicoUsd;
    x.requests += r.requests;
    x.prompt += r.promptTokens;
    x.completion += r.completionTokens;
    x.errors += r.errors;
    x.latency += r.latencyMsSum;
    byModel.set(k, x);
  }
  const modelRows = [...byModel.entries()].sort((a, b) => (b[1].cost > a[1].cost ? 1 : b[1].cost < a[1].cost ? -1 : 0));
  const q = toQuery(search);

  return (
    <>
      <PageHeader
        title="Usage"
        description="From hourly rollups; times are UTC days."
        actions={
          <a href={`/api/usage/export?${q}`} className={buttonClass("secondary")} download>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        }
      />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-line bg-panel p-3" aria-label="Usage filters">
        <label className="text-xs text-muted">
          From
          <Input type="date" name="from" defaultValue={search.from} className="mt-1 w-40" />
        </label>
        <label className="text-xs text-muted">
          To
          <Input type="date" name="to" defaultValue={search.to} className="mt-1 w-40" />
        </label>
        <label className="text-xs text-muted">
          Key
          <Select name="key" defaultValue={search.key ?? ""} className="mt-1 w-48">
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
          <Select name="model" defaultValue={search.model ?? ""} className="mt-1 w-56">
            <option value="">All models</option>
            {dims.models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-muted">
          Provider
          <Select name="provider" defaultValue={search.provider ?? ""} className="mt-1 w-40">
            <option value="">All providers</option>
            {dims.providers.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </Select>
        </label>
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
      </form>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Stat label="Spend" value={formatPicoUsd(totals.costPicoUsd)} />
        <Stat label="Requests" value={fmtInt(totals.requests)} />
        <Stat label="Tokens in / out" value={`${fmtCompact(totals.promptTokens)} / ${fmtCompact(totals.completionTokens)}`} />
        <Stat label="Error rate" value={fmtPercent(totals.errors, totals.requests)} />
        <Stat label="Cache hit rate" value={fmtPercent(totals.cacheHits, totals.requests)} sub={totals.requests ? `avg latency ${fmtInt(totals.latencyMsSum / totals.requests)} ms` : undefined} />
      </div>

      {rows.length === 0 ? (
        <Card className="mt-6">
          <EmptyState icon={<BarChart3 className="size-5" />} title="No usage in this range" description="Try a wider date range or clear the filters." />
        </Card>
      ) : (
        <>
          <Card className="mt-6">
            <CardHeader title="Spend per model" description="USD per day, stacked" />
            <CardBody>
              <StackedBarChart data={spend.data} series={spend.series} />
            </CardBody>
          </Card>
          <div className="mt-6 grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader title="Tokens" description="Input and output per day" />
              <CardBody>
                <StackedBarChart data={tokens} series={["tokens in", "tokens out"]} unit="count" height={220} />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Requests" description="All and failed, per day" />
              <CardBody>
                <LineChart data={reqs} series={["requests", "errors"]} />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Error and cache hit rate" description="Percent of requests" />
              <CardBody>
                <LineChart data={rates} series={["error rate", "cache hit rate"]} format="percent" />
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="Latency" description="Average end-to-end, per day" />
              <CardBody>
                <LineChart data={latency} series={["avg latency"]} format="ms" />
              </CardBody>
            </Card>
          </div>
          <Card className="mt-6">
            <CardHeader title="By model" />
            <Table label="Usage by model">
              <thead>
                <tr>
                  <Th>Model</Th>
                  <Th>Provider</Th>
                  <Th className="text-right">Requests</Th>
                  <Th className="text-right">Tokens in</Th>
                  <Th className="text-right">Tokens out</Th>
                  <Th className="text-right">Errors</Th>
                  <Th className="text-right">Avg latency</Th>
                  <Th className="text-right">Spend</Th>
                </tr>
              </thead>
              <tbody>
                {modelRows.map(([k, m]) => (
                  <tr key={k}>
                    <Td className="font-mono text-xs">{k.split("|")[0] || "(none)"}</Td>
                    <Td className="text-muted">{m.provider || "—"}</Td>
                    <Td className="text-right tabular-nums">{fmtInt(m.requests)}</Td>
                    <Td className="text-right tabular-nums">{fmtInt(m.prompt)}</Td>
                    <Td className="text-right tabular-nums">{fmtInt(m.completion)}</Td>
                    <Td className="text-right tabular-nums">{fmtPercent(m.errors, m.requests)}</Td>
                    <Td className="text-right tabular-nums">{m.requests ? `${fmtInt(m.latency / m.requests)} ms` : "—"}</Td>
                    <Td className="text-right tabular-nums">{formatPicoUsd(m.cost)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </>
      )}
    </>
  );
}
