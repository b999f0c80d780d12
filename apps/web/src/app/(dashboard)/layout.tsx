import { LogOut } from "lucide-react";
import { can } from "@switchboard/core";
import type { ReactNode } from "react";
import { Sidebar } from "@/components/shell/nav";
import { TenantSwitcher } from "@/components/shell/tenant-switcher";
import { getWorkspace } from "@/server/workspace";
import { signOutAction } from "./shell-actions";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const ws = await getWorkspace();
  return (
    <div className="min-h-screen">
      <Sidebar
        showAudit={can(ws.role, "audit:read")}
        header={<TenantSwitcher tenants={ws.tenants} activeId={ws.tenant.id} />}
        footer={
          <div className="flex items-center gap-2">
            <span className="grid size-8 shrink-0 place-items-center rounded-full bg-subtle text-xs font-semibold uppercase">{(ws.user.name ?? ws.user.email).slice(0, 2)}</span>
            <div className="min-w-0 flex-1 text-xs">
              <p className="truncate font-medium">{ws.user.name ?? "Account"}</p>
              <p className="truncate text-muted" data-testid="user-email">
                {ws.user.email}
              </p>
            </div>
            <form action={signOutAction}>
              <button type="submit" className="rounded p-1.5 text-muted hover:bg-subtle hover:text-fg" aria-label="Sign out" title="Sign out">
                <LogOut className="size-4" />
              </button>
            </form>
          </div>
        }
      />
      <div className="lg:pl-64">
        {ws.tenant.status !== "active" ? (
          <div role="alert" className="border-b border-amber-500/30 bg-amber-500/10 px-6 py-2 text-sm text-amber-800 dark:text-amber-200">
            This workspace is suspended: API requests are rejected until it is reactivated.
          </div>
        ) : null}
        <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
