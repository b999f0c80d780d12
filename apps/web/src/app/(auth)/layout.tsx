import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-canvas px-4 py-12">
      <div className="mb-8">
        <Logo className="text-lg" />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-line bg-panel p-6 shadow-sm sm:p-8">{children}</div>
      <p className="mt-6 text-xs text-muted">One API for every model · keys, budgets and analytics</p>
    </main>
  );
}
