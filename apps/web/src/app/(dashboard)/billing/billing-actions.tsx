"use client";
import { CreditCard } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * Checkout / Portal buttons: POST to our route (same-origin, session cookie, Origin-checked),
 * then send the browser to the Stripe URL it answers. A fetch rather than a form post keeps the
 * CSP's `form-action 'self'` intact (a form redirected to Stripe would violate it).
 */
export function BillingActions({ disabledReason, hasCustomer, subscribed }: { disabledReason?: string; hasCustomer: boolean; subscribed: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, start] = useTransition();
  const go = (path: string) =>
    start(async () => {
      setError(null);
      const res = await fetch(path, { method: "POST", headers: { accept: "application/json" } });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
      if (res.ok && body.url) window.location.assign(body.url);
      else setError(body.error?.message ?? `Request failed (${res.status})`);
    });
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button variant="secondary" disabled={busy || !!disabledReason || !hasCustomer} title={disabledReason} onClick={() => go("/api/billing/portal")}>
          Manage payment methods
        </Button>
        <Button disabled={busy || !!disabledReason || subscribed} title={disabledReason} onClick={() => go("/api/billing/checkout")}>
          <CreditCard className="size-4" aria-hidden /> {subscribed ? "Subscribed" : "Add payment method"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
