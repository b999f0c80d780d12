import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { switchTenant } from "@/app/(dashboard)/shell-actions";

interface T {
  id: string;
  name: string;
  role: string;
}

/** <details> gives a keyboard-operable disclosure without client JavaScript. */
export function TenantSwitcher({ tenants, activeId }: { tenants: T[]; activeId: string }) {
  const active = tenants.find((t) => t.id === activeId);
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-line bg-panel px-2.5 py-1.5 text-sm hover:bg-subtle [&::-webkit-details-marker]:hidden" aria-label="Switch workspace">
        <span className="grid size-6 shrink-0 place-items-center rounded bg-brand text-xs font-bold text-white">{active?.name.slice(0, 1).toUpperCase()}</span>
        <span className="min-w-0 flex-1 truncate font-medium" data-testid="active-tenant">
          {active?.name}
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-muted" aria-hidden />
      </summary>
      <div className="absolute left-0 right-0 z-50 mt-1 rounded-md border border-line bg-panel p-1 shadow-lg">
        <p className="px-2 py-1 text-xs text-muted">Workspaces</p>
        {tenants.map((t) => (
          <form key={t.id} action={switchTenant}>
            <input type="hidden" name="tenantId" value={t.id} />
            <button type="submit" className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-subtle">
              <span className="min-w-0 flex-1 truncate">{t.name}</span>
              <span className="text-xs text-muted">{t.role}</span>
              {t.id === activeId ? <Check className="size-3.5" aria-label="current" /> : null}
            </button>
          </form>
        ))}
        <Link href="/onboarding" className="mt-1 flex items-center gap-2 border-t border-line px-2 py-1.5 text-sm text-muted hover:text-fg">
          <Plus className="size-3.5" aria-hidden /> New workspace
        </Link>
      </div>
    </details>
  );
}
