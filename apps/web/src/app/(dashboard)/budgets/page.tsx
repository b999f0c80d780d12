import { can, formatPicoUsd, listAlertEvents, listApiKeys, listBudgets, picoToDecimalString } from "@switchboard/core";
import { Bell, Wallet } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Progress, percentOf } from "@/components/ui/progress";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtDate, fmtDateTime } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";
import { DeleteBudgetButton, EditBudgetButton, NewBudgetButton } from "./budget-form";

export const metadata: Metadata = { title: "Budgets & alerts" };

const PERIOD: Record<string, string> = { daily: "Daily", weekly: "Weekly", monthly: "Monthly", total: "Lifetime" };

export default async function BudgetsPage() {
  const ws = await getWorkspace();
  const [budgets, alerts, keys] = await Promise.all([
    listBudgets({ ctx: ws.ctx, input: undefined }),
    listAlertEvents({ ctx: ws.ctx, input: {} }),
    listApiKeys({ ctx: ws.ctx, input: { includeRevoked: false } }),
  ]);
  const canWrite = can(ws.role, "budgets:write");
  const newButton = canWrite ? <NewBudgetButton keys={keys.map((k) => ({ id: k.id, name: k.name }))} defaultRecipient={ws.user.email} /> : null;
  return (
    <>
      <PageHeader title="Budgets & alerts" description="Cap spend for the workspace or a single key. Alerts are emailed once per threshold per period." actions={newButton} />
      <Card>
        {budgets.length === 0 ? (
          <EmptyState icon={<Wallet className="size-5" />} title="No budgets" description="Without a budget, spend is only limited by your provider accounts." action={newButton} />
        ) : (
          <Table label="Budgets">
            <thead>
              <tr>
                <Th>Scope</Th>
                <Th>Period</Th>
                <Th className="w-1/3">Used</Th>
                <Th>Enforcement</Th>
                <Th>Alerts at</Th>
                <Th>Recipients</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {budgets.map((b) => {
                const pct = percentOf(b.spentPicoUsd, b.amountPicoUsd);
                return (
                  <tr key={b.id}>
                    <Td className="font-medium">{b.scope === "tenant" ? "Workspace" : `Key: ${b.apiKeyName ?? "deleted"}`}</Td>
                    <Td>
                      {PERIOD[b.period]}
                      <div className="text-xs text-muted">{b.period === "total" ? "since creation" : `since ${fmtDate(b.periodStart)}`}</div>
                    </Td>
                    <Td>
                      <div className="space-y-1">
                        <Progress percent={pct} label="Budget used" />
                        <div className="text-xs tabular-nums text-muted">
                          {formatPicoUsd(b.spentPicoUsd)} of {formatPicoUsd(b.amountPicoUsd)} ({pct.toFixed(0)}%)
                        </div>
                      </div>
                    </Td>
                    <Td>
                      <Badge tone={b.enforcement === "hard" ? "red" : "blue"}>{b.enforcement === "hard" ? "Hard (blocks)" : "Soft (alerts)"}</Badge>
                    </Td>
                    <Td className="text-muted">{b.alertThresholds.map((t) => `${t}%`).join(", ")}</Td>
                    <Td className="max-w-48 truncate text-muted">{b.recipients.join(", ") || "—"}</Td>
                    <Td className="whitespace-nowrap text-right">
                      {canWrite ? (
                        <>
                          <EditBudgetButton
                            budget={{
                              id: b.id,
                              scopeLabel: b.scope === "tenant" ? "Whole workspace" : `Key: ${b.apiKeyName ?? "deleted"}`,
                              amountUsd: picoToDecimalString(b.amountPicoUsd),
                              period: b.period,
                              enforcement: b.enforcement,
                              thresholds: b.alertThresholds.join(", "),
                              recipients: b.recipients.join(", "),
                            }}
                          />
                          <DeleteBudgetButton id={b.id} />
                        </>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>

      <Card className="mt-6">
        <CardHeader title="Alert history" description="Threshold crossings the worker emailed" />
        {alerts.length === 0 ? (
          <EmptyState icon={<Bell className="size-5" />} title="No alerts yet" description="When spend crosses a threshold you will see it here." />
        ) : (
          <Table label="Alert history">
            <thead>
              <tr>
                <Th>Sent</Th>
                <Th>Budget</Th>
                <Th>Threshold</Th>
                <Th>Spend at alert</Th>
                <Th>Period</Th>
                <Th>Channel</Th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <Td className="text-muted">{fmtDateTime(a.sentAt)}</Td>
                  <Td>{a.budget.scope === "tenant" ? "Workspace" : `Key: ${a.budget.apiKey?.name ?? "deleted"}`} · {formatPicoUsd(a.budget.amountPicoUsd)}</Td>
                  <Td>
                    <Badge tone={a.threshold >= 100 ? "red" : "amber"}>{a.threshold}%</Badge>
                  </Td>
                  <Td className="tabular-nums">{formatPicoUsd(a.spendPicoUsd)}</Td>
                  <Td className="text-muted">{a.periodKey}</Td>
                  <Td className="text-muted">{a.channel}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
