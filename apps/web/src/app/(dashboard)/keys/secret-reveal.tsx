"use client";
import { AlertTriangle } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";

/** The only time a key's secret is ever on screen. */
export function SecretReveal({ secret, name }: { secret: string; name: string }) {
  return (
    <div className="space-y-4">
      <div className="flex gap-2 rounded-md border border-amber-500/30 bg-amber-500/10 p-3 text-sm text-amber-800 dark:text-amber-200">
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        <p>
          Copy the secret for <strong>{name}</strong> now. For your security it will not be shown again.
        </p>
      </div>
      <div className="flex items-center gap-2 rounded-md border border-line bg-subtle p-2">
        <code data-testid="new-key-secret" className="min-w-0 flex-1 truncate px-1 font-mono text-sm" title={secret}>
          {secret}
        </code>
        <CopyButton value={secret} />
      </div>
    </div>
  );
}
