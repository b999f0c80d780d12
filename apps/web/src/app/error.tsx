"use client";
import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * Catches what a section's own error.tsx cannot: failures in a section's layout (the dashboard layout
 * loads the workspace from Postgres, so a database outage surfaces here), with the same clear page.
 */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-md rounded-lg border border-line bg-panel p-8 text-center">
      <AlertTriangle className="mx-auto size-8 text-amber-500" aria-hidden />
      <h1 className="mt-3 text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm text-muted">
        Switchboard could not load this page; our services may be briefly unavailable. Your API traffic is not affected.{" "}
        {error.digest ? `Reference: ${error.digest}` : null}
      </p>
      <Button className="mt-6" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
