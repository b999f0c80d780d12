import Stripe from "stripe";

export interface StripeClientOptions {
  /** Absent or empty: ledger-only mode, no client. */
  secretKey?: string;
  /** Another API host, e.g. http://127.0.0.1:12111 for the local fake. */
  apiBase?: string;
}

/** The official SDK, pointed at api.stripe.com or at `apiBase` (host, port and protocol taken from it). */
export function createStripeClient(opts: StripeClientOptions): Stripe | null {
  if (!opts.secretKey) return null;
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "switchboard" } };
  if (opts.apiBase) {
    const u = new URL(opts.apiBase);
    config.host = u.hostname;
    config.port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    config.protocol = u.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(opts.secretKey, config);
}
