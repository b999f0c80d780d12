import type { Metadata } from "next";
import Link from "next/link";
import { FormError, FormSuccess } from "@/components/ui/field";
import { oauthProviders, signIn } from "@/server/auth";
import { SignInForms } from "./sign-in-forms";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  verification: "That link is invalid, expired or was already used.",
  Verification: "That sign-in link is invalid, expired or was already used.",
  OAuthAccountNotLinked: "That email is already registered with another sign-in method.",
  AccessDenied: "Access denied.",
  Configuration: "Sign-in is misconfigured on the server.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const providers = oauthProviders();
  const callbackUrl = sp.callbackUrl ?? "/overview";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-muted">Welcome back. Sign in to your workspace.</p>
      </div>
      {sp.verified ? <FormSuccess message="Email verified. You can sign in now." /> : null}
      {sp.reset ? <FormSuccess message="Password changed. Sign in with your new password." /> : null}
      {sp.error ? <FormError message={ERRORS[sp.error] ?? "Sign-in failed. Please try again."} /> : null}
      <SignInForms defaultEmail={sp.email ?? ""} callbackUrl={callbackUrl} />
      {providers.length > 0 ? (
        <div className="space-y-2">
          <div className="flex items-center gap-3 text-xs text-muted">
            <span className="h-px flex-1 bg-line" /> or continue with <span className="h-px flex-1 bg-line" />
          </div>
          {providers.map((p) => (
            <form
              key={p.id}
              action={async () => {
                "use server";
                await signIn(p.id, { redirectTo: callbackUrl });
              }}
            >
              <button type="submit" className="h-9 w-full rounded-md border border-line bg-panel text-sm font-medium hover:bg-subtle">
                {p.name}
              </button>
            </form>
          ))}
        </div>
      ) : null}
      <p className="text-center text-sm text-muted">
        No account?{" "}
        <Link href="/sign-up" className="font-medium text-fg underline-offset-4 hover:underline">
          Create one
        </Link>
      </p>
    </div>
  );
}
