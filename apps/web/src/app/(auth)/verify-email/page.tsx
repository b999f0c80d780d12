import { MailCheck } from "lucide-react";
import Link from "next/link";
import { ResendForm } from "./resend-form";

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email = "" } = await searchParams;
  return (
    <div className="space-y-4 text-center">
      <MailCheck className="mx-auto size-10 text-brand" aria-hidden />
      <h1 className="text-xl font-semibold">Verify your email</h1>
      <p className="text-sm text-muted">
        We sent a verification link to <span className="font-medium text-fg">{email || "your inbox"}</span>. Click it to activate your account.
      </p>
      {email ? <ResendForm email={email} /> : null}
      <Link href="/sign-in" className="block text-sm font-medium underline-offset-4 hover:underline">
        Back to sign in
      </Link>
    </div>
  );
}
