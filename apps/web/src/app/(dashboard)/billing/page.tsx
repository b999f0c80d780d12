import { can, formatPicoUsd, startOfUtcMonth, tenantSpendSince } from "@switchboard/core";
import { listInvoices } from "@switchboard/billing";
import { Receipt } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { env } from "@/env";
import { fmtDate, fmtDateTime } from "@/lib/format";
import { billing } from "@/server/billing";
import { getWorkspace } from "@/server/workspace";
import { BillingActions } from "./billing-actions";

export const metadata: Metadata = { title: "Billing" };

function cents(amount: bigint, currency: string): string {
  const abs = amount < 0n ? -amount : amount;
  return `${amount < 0n ? "-" : ""}${(abs / 100n).toLocaleString("en-US")}.${(abs % 100n).toString().padStart(2, "0")} ${currency.toUpperCase()}`;
}

const meterTone = { sent: "green", pending: "amber", ledger_only: "neutral", failed: "red" } as const;

export default async function BillingPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ws = await getWorkspace();
  const checkout = (await searchParams).checkout;
  const { db, tenantId } = ws.ctx;
  const stripe = !!env().STRIPE_SECRET_KEY;
  const canManage = can(ws.role, "billing:manage");
  const [tenant, invoices, reports, monthSpend] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { stripeCustomerId: true, stripeSubscriptionId: true, billingEmail: true } }),
    listInvoices(billing(), tenantId),
    db.meterReport.findMany({ where: { tenantId }, orderBy: { windowStart: "desc" }, take: 30 }),
    tenantSpendSince(db, tenantId, startOfUtcMonth(new Date())),
  ]);
  const billedThisMonth = reports.filter((r) => r.windowStart >= startOfUtcMonth(new Date())).reduce((s, r) => s + r.billedPicoUsd, 0n);
  const disabledReason = !stripe ? "Stripe is not configured (ledger-only mode)" : !canManage ? "Only owners can manage billing" : undefined;
  return (
    <>
      <PageHeader
        title="Billing"
        description="Pay as you go: usage is metered hourly and invoiced monthly."
        actions={<BillingActions disabledReason={disabledReason} hasCustomer={!!tenant.stripeCustomerId} subscribed={!!tenant.stripeSubscriptionId} />}
      />
      {checkout === "success" ? (
        <div role="status" className="mb-6 rounded-lg border border-emerald-500/30 bg-emerald-500/10 p-4 text-sm">Payment method added. Usage is now billed monthly to this workspace.</div>
      ) : checkout === "cancelled" ? (
        <div role="status" className="mb-6 rounded-lg border border-line bg-subtle p-4 text-sm">Checkout was cancelled; nothing changed.</div>
      ) : null}
      {!stripe ? (
        <div role="status" data-testid="ledger-only" className="mb-6 rounded-lg border border-sky-500/30 bg-sky-500/10 p-4 text-sm text-sky-900 dark:text-sky-200">
          <p className="font-medium">Ledger-only mode</p>
          <p className="mt-1">
            STRIPE_SECRET_KEY is not set, so usage is recorded in the ledger below but nothing is sent to Stripe and no card is charged. Set the key to enable Checkout, the customer portal and invoices.
          </p>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Usage this month" value={formatPicoUsd(monthSpend)} sub="at provider cost" />
        <Stat label="Metered this month" value={formatPicoUsd(billedThisMonth)} sub="including markup" />
        <Stat label="Billing email" value={<span className="text-base">{tenant.billingEmail ?? "—"}</span>} sub={tenant.stripeCustomerId ? `Stripe customer ${tenant.stripeCustomerId}` : "No Stripe customer yet"} />
      </div>
      <Card className="mt-6">
        <CardHeader title="Invoices" />
        {invoices.length === 0 ? (
          <EmptyState icon={<Receipt className="size-5" />} title="No invoices yet" description={stripe ? "Your first invoice is created at the end of the billing period." : "Invoices appear once Stripe is configured."} />
        ) : (
          <Table label="Invoices">
            <thead>
              <tr>
                <Th>Period</Th>
                <Th>Status</Th>
                <Th className="text-right">Amount due</Th>
                <Th className="text-right">Paid</Th>
                <Th>
                  <span className="sr-only">Link</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => (
                <tr key={i.stripeInvoiceId} data-testid="invoice-row">
                  <Td>
                    {fmtDate(i.periodStart)} – {fmtDate(i.periodEnd)}
                  </Td>
                  <Td>
                    <Badge tone={i.status === "paid" ? "green" : i.status === "open" ? "amber" : "neutral"}>{i.status}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{cents(i.amountDueCents, i.currency)}</Td>
                  <Td className="text-right tabular-nums">{cents(i.amountPaidCents, i.currency)}</Td>
                  <Td className="text-right">
                    {i.hostedInvoiceUrl ? (
                      <a href={i.hostedInvoiceUrl} className="text-sm text-brand hover:underline" target="_blank" rel="noreferrer">
                        View
                      </a>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card className="mt-6">
        <CardHeader title="Meter reports" description="What was (or, in ledger-only mode, would have been) reported to Stripe per window" />
        {reports.length === 0 ? (
          <CardBody>
            <p className="text-sm text-muted">No usage has been metered yet.</p>
          </CardBody>
        ) : (
          <Table label="Meter reports">
            <thead>
              <tr>
                <Th>Window</Th>
                <Th>Status</Th>
                <Th className="text-right">Cost</Th>
                <Th className="text-right">Markup</Th>
                <Th className="text-right">Billed</Th>
                <Th>Sent</Th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <Td className="text-muted">{fmtDateTime(r.windowStart)}</Td>
                  <Td>
                    <Badge tone={meterTone[r.status]}>{r.status.replace("_", " ")}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{formatPicoUsd(r.costPicoUsd)}</Td>
                  <Td className="text-right tabular-nums">{(r.markupBps / 100).toFixed(2)}%</Td>
                  <Td className="text-right tabular-nums">{formatPicoUsd(r.billedPicoUsd)}</Td>
                  <Td className="text-muted">{r.sentAt ? fmtDateTime(r.sentAt) : (r.error ?? "—")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
