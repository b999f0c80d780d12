const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Every value interpolated into a template goes through this: tenant and model names are user input. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A table-based shell: mail clients ignore most CSS, inline styles survive. */
export function layout(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:24px">
<tr><td style="font-size:14px;line-height:1.5">${bodyHtml}</td></tr>
</table>
<p style="font-size:12px;color:#71717a">Switchboard: you receive this because you are an owner or the billing contact of this workspace.</p>
</td></tr></table>
</body></html>`;
}

/**
 * Picodollars (1e-12 USD) to a display string. Display only: amounts are shown to the cent, or to
 * 4 significant decimals under a cent, and never rounded for billing here.
 */
export function formatUsd(pico: bigint): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const cents = abs / 10_000_000_000n;
  let out: string;
  if (abs > 0n && cents === 0n) {
    // Under one cent: show micro-dollars so small budgets do not read as $0.00.
    const micro = abs / 1_000_000n;
    out = `$0.${micro.toString().padStart(6, "0").replace(/0+$/, "") || "0"}`;
  } else {
    const dollars = cents / 100n;
    const rest = (cents % 100n).toString().padStart(2, "0");
    out = `$${dollars.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${rest}`;
  }
  return negative ? `-${out}` : out;
}
