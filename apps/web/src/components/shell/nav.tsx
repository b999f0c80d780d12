"use client";
import { BarChart3, Bot, CreditCard, Gauge, KeyRound, Layers, ListTree, Menu, Settings, ShieldCheck, Wallet, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

const items = [
  { href: "/overview", label: "Overview", icon: Gauge },
  { href: "/keys", label: "API keys", icon: KeyRound },
  { href: "/usage", label: "Usage", icon: BarChart3 },
  { href: "/logs", label: "Request logs", icon: ListTree },
  { href: "/budgets", label: "Budgets & alerts", icon: Wallet },
  { href: "/models", label: "Models & routing", icon: Layers },
  { href: "/playground", label: "Playground", icon: Bot },
  { href: "/billing", label: "Billing", icon: CreditCard },
  { href: "/settings", label: "Settings", icon: Settings },
];

/** Owners and admins only (audit:read); the page itself checks again. */
const auditItem = { href: "/audit", label: "Audit log", icon: ShieldCheck };

function NavLinks({ onNavigate, showAudit }: { onNavigate?: () => void; showAudit: boolean }) {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="space-y-0.5">
      {(showAudit ? [...items, auditItem] : items).map(({ href, label, icon: Icon }) => {
        const active = path === href || path.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors",
              active ? "bg-subtle font-medium text-fg" : "text-muted hover:bg-subtle/70 hover:text-fg",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Sidebar on desktop; a slide-over drawer behind a menu button on small screens. */
export function Sidebar({ header, footer, showAudit = false }: { header: ReactNode; footer: ReactNode; showAudit?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-line bg-panel px-4 lg:hidden">
        <button type="button" onClick={() => setOpen(true)} aria-label="Open navigation" className="rounded p-1.5 hover:bg-subtle">
          <Menu className="size-5" />
        </button>
        <div className="min-w-0 flex-1">{header}</div>
      </div>
      {open ? <div className="fixed inset-0 z-40 bg-black/40 lg:hidden" onClick={() => setOpen(false)} aria-hidden /> : null}
      <aside
        className={cn(
          "fixed inset-y-0 left-0 z-50 flex w-64 flex-col border-r border-line bg-panel transition-transform lg:translate-x-0",
          open ? "translate-x-0" : "-translate-x-full",
        )}
      >
        <div className="flex items-center justify-between gap-2 p-3">
          <div className="min-w-0 flex-1">{header}</div>
          <button type="button" onClick={() => setOpen(false)} aria-label="Close navigation" className="rounded p-1.5 hover:bg-subtle lg:hidden">
            <X className="size-4" />
          </button>
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-2">
          <NavLinks onNavigate={() => setOpen(false)} showAudit={showAudit} />
        </div>
        <div className="border-t border-line p-3">{footer}</div>
      </aside>
    </>
  );
}
