import { addUtcDays, formatPicoUsd, listBudgets, spendByModel, startOfUtcDay, startOfUtcMonth, tenantSpendSince, usageByModelDay, usageTotals } from "@switchboard/core";
import { ArrowRight, BarChart3 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { Card, CardBody, CardHeader, Stat } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Progress, percentOf } from "@/components/ui/progress";
import { env } from "@/env";
import { fmtCompact, fmtInt, fmtPercent, picoToChartUsd } from "@/lib/format";
import { dayRange, pivotByDay } from "@/lib/series";
import { getWorkspace } from "@/server/workspace";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const ws = await getWorkspace();
  const ctx = ws.ctx;
  const now = new Date();
  const to = startOfUtcDay(now);
  const from = addUtcDays(to, -29);
  const range = { from, to };
  const [monthSpend, budgets, totals, rows, byModel, keyCount] = await Promise.all([
    tenantSpendSince(ctx.db, ctx.tenantId, startOfUtcMonth(now)),
    listBudgets({ ctx, input: undefined }),
    usageTotals({ ctx, input: range }),
    usageByModelDay({ ctx, input: range }),
    spendByModel({ ctx, input: range }),
    ctx.db.apiKey.count({ where: { tenantId: ctx.tenantId, revokedAt: null } }),
  ]);
  const tenantBudget = budgets.find((b) => b.scope === "tenant" && b.period === "monthly") ?? budgets.find((b) => b.scope === "tenant");
  const chart = pivotByDay(rows, dayRange(from, to), (r) => r.model || "(none)", (r) => picoToChartUsd(r.costPicoUsd));
  const tokens = totals.promptTokens + totals.completionTokens;
  const maxModel = byModel[0]?.costPicoUsd ?? 0n;
  const gateway = env().GATEWAY_PUBLIC_URL;
  const model = env().QUICKSTART_MODEL;

  return (
    <>
      <PageHeader title="Overview" description={`${ws.tenant.name} · last 30 days unless noted`} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Spend this month"
          value={<span data-testid="month-spend">{formatPicoUsd(monthSpend)}</span>}
          sub={
            tenantBudget ? (
              <div className="space-y-1.5">
                <Progress percent={percentOf(tenantBudget.spentPicoUsd, tenantBudget.amountPicoUsd)} label="Budget used" />
                <span>
                  {percentOf(tenantBudget.spentPicoUsd, tenantBudget.amountPicoUsd).toFixed(0)}% of {formatPicoUsd(tenantBudget.amountPicoUsd)} {tenantBudget.period} budget ({tenantBudget.enforcement})
                </span>
              </div>
            ) : (
              <Link href="/budgets" className="hover:text-fg">
                No budget set · add one →
              </Link>
            )
          }
        />
        <Stat label="Requests" value={fmtInt(totals.requests)} sub={`${fmtInt(keyCount)} active key${keyCount === 1 ? "" : "s"}`} />
        <Stat label="Tokens" value={fmtCompact(tokens)} sub={`${fmtCompact(totals.promptTokens)} in · ${fmtCompact(totals.completionTokens)} out`} />
        <Stat label="Error rate" value={fmtPercent(totals.errors, totals.requests)} sub={`${fmtInt(totals.errors)} failed requests`} />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Spend by model" description="Daily, stacked, in USD" actions={<Link href="/usage" className="text-sm text-muted hover:text-fg">Usage →</Link>} />
          <CardBody>
            {rows.length === 0 ? (
              <EmptyState icon={<BarChart3 className="size-5" />} title="No usage yet" description="Send your first request through the gateway and it will show up here within a minute." />
            ) : (
              <StackedBarChart data={chart.data} series={chart.series} />
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Top models" description="Spend, last 30 days" />
          <CardBody className="space-y-3">
            {byModel.length === 0 ? <p className="text-sm text-muted">Nothing yet.</p> : null}
            {byModel.slice(0, 8).map((m) => (
              <div key={m.model} className="space-y-1">
                <div className="flex items-baseline justify-between gap-2 text-sm">
                  <span className="truncate font-mono text-xs">{m.model}</span>
                  <span className="tabular-nums">{formatPicoUsd(m.costPicoUsd)}</span>
                </div>
                <Progress percent={percentOf(m.costPicoUsd, maxModel)} label={`${m.model} share`} />
              </div>
            ))}
          </CardBody>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader title="Quick start" description="Point any OpenAI SDK at the gateway with one of your keys." actions={<Link href="/keys" className="inline-flex items-center gap-1 text-sm text-muted hover:text-fg">Manage keys <ArrowRight className="size-3.5" /></Link>} />
        <CardBody>
          <div className="flex items-start gap-2">
            <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-subtle p-4 font-mono text-xs leading-relaxed">{`curl ${gateway}/chat/completions \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": ${JSON.stringify(model)}, "messages": [{"role": "user", "content": "Hello"}]}'`}</pre>
            <CopyButton value={gateway} label="Copy URL" />
          </div>
        </CardBody>
      </Card>
    </>
  );
}
