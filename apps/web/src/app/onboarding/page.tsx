import Link from "next/link";
import { Logo } from "@/components/logo";
import { requireUser } from "@/server/workspace";
import { CreateWorkspaceForm } from "./form";

export const dynamic = "force-dynamic";

export default async function OnboardingPage() {
  const user = await requireUser();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <Logo className="mb-8 text-lg" />
      <div className="w-full max-w-sm rounded-xl border border-line bg-panel p-8">
        <h1 className="text-xl font-semibold">Create a workspace</h1>
        <p className="mb-6 mt-1 text-sm text-muted">Keys, budgets and usage belong to a workspace. Signed in as {user.email}.</p>
        <CreateWorkspaceForm />
        <Link href="/overview" className="mt-4 block text-center text-sm text-muted hover:text-fg">
          Cancel
        </Link>
      </div>
    </main>
  );
}
