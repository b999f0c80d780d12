import { escapeHtml, formatUsd, layout } from "./html.js";

export interface BudgetAlertInput {
  tenantName: string;
  budgetName: string;
  /** Percent of the budget this alert is for (50, 80, 100...). */
  threshold: number;
  spendPicoUsd: bigint;
  budgetPicoUsd: bigint;
  period: "daily" | "weekly" | "monthly" | "total";
  /** Human label of the period, e.g. "2026-11" or "2026-W47". */
  periodKey: string;
  /** When the period resets; null for a lifetime ("total") budget. */
  resetsAt: Date | null;
  enforcement: string;
  topModels: { model: string; spendPicoUsd: bigint; requests: number }[];
  dashboardUrl: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

function percentOf(spend: bigint, budget: bigint): string {
  if (budget <= 0n) return "n/a";
  // One decimal, computed in integers.
  const tenths = (spend * 1000n) / budget;
  return `${tenths / 10n}.${tenths % 10n}%`;
}

const PERIOD_LABEL = { daily: "today", weekly: "this week", monthly: "this month", total: "in total" } as const;

export function renderBudgetAlertEmail(input: BudgetAlertInput): RenderedMail {
  const pct = percentOf(input.spendPicoUsd, input.budgetPicoUsd);
  const reached = input.threshold >= 100 ? "has been reached" : `is ${input.threshold}% used`;
  const subject = `[Switchboard] Budget "${input.budgetName}" ${reached} (${input.tenantName})`;
  const spend = formatUsd(input.spendPicoUsd);
  const budget = formatUsd(input.budgetPicoUsd);
  const resets = input.resetsAt ? input.resetsAt.toISOString().replace(".000Z", "Z") : "never (lifetime budget)";
  const enforcementNote =
    input.threshold >= 100 && input.enforcement !== "alert_only" && input.enforcement !== "none"
      ? "Requests that would exceed this budget are now refused until it resets or is raised."
      : "Requests are not blocked by this alert.";

  const textModels = input.topModels.length
    ? input.topModels.map((m) => `  - ${m.model}: ${formatUsd(m.spendPicoUsd)} (${m.requests} requests)`).join("\n")
    : "  (no usage recorded yet)";
  const text = [
    `Budget "${input.budgetName}" for ${input.tenantName} ${reached}.`,
    "",
    `Spend ${PERIOD_LABEL[input.period]}: ${spend} of ${budget} (${pct})`,
    `Period: ${input.period} ${input.periodKey}, resets ${resets}`,
    `Threshold: ${input.threshold}%`,
    enforcementNote,
    "",
    "Top models by spend:",
    textModels,
    "",
    `Dashboard: ${input.dashboardUrl}`,
  ].join("\n");

  const rows = input.topModels
    .map(
      (m) =>
        `<tr><td style="padding:4px 8px;border-bottom:1px solid #e4e4e7">${escapeHtml(m.model)}</td>` +
        `<td style="padding:4px 8px;border-bottom:1px solid #e4e4e7;text-align:right">${escapeHtml(formatUsd(m.spendPicoUsd))}</td>` +
        `<td style="padding:4px 8px;border-bottom:1px solid #e4e4e7;text-align:right">${m.requests}</td></tr>`,
    )
    .join("");
  const barWidth = input.budgetPicoUsd > 0n ? Number((input.spendPicoUsd * 100n) / input.budgetPicoUsd) : 100;
  const html = layout(
    subject,
    `<h1 style="font-size:18px;margin:0 0 12px">Budget &ldquo;${escapeHtml(input.budgetName)}&rdquo; ${escapeHtml(reached)}</h1>
<p style="margin:0 0 8px">Workspace <strong>${escapeHtml(input.tenantName)}</strong> has spent <strong>${escapeHtml(spend)}</strong>
of its <strong>${escapeHtml(budget)}</strong> ${escapeHtml(input.period)} budget ${escapeHtml(PERIOD_LABEL[input.period])} (${escapeHtml(pct)}).</p>
<div style="background:#e4e4e7;border-radius:4px;height:8px;margin:12px 0"><div style="background:${input.threshold >= 100 ? "#dc2626" : "#f59e0b"};border-radius:4px;height:8px;width:${Math.min(100, barWidth)}%"></div></div>
<p style="margin:0 0 8px;color:#52525b">Period ${escapeHtml(input.periodKey)} &middot; resets ${escapeHtml(resets)} &middot; threshold ${input.threshold}%</p>
<p style="margin:0 0 16px">${escapeHtml(enforcementNote)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px">
<tr><th align="left" style="padding:4px 8px">Model</th><th align="right" style="padding:4px 8px">Spend</th><th align="right" style="padding:4px 8px">Requests</th></tr>
${rows || `<tr><td colspan="3" style="padding:4px 8px">No usage recorded yet.</td></tr>`}
</table>
<p><a href="${escapeHtml(input.dashboardUrl)}" style="display:inline-block;background:#18181b;color:#ffffff;padding:8px 16px;border-radius:6px;text-decoration:none">Open the dashboard</a></p>`,
  );
  return { subject, html, text };
}
