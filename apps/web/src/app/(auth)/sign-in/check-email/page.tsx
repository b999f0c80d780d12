import { MailCheck } from "lucide-react";
import Link from "next/link";

export default function CheckEmail() {
  return (
    <div className="space-y-4 text-center">
      <MailCheck className="mx-auto size-10 text-brand" aria-hidden />
      <h1 className="text-xl font-semibold">Check your email</h1>
      <p className="text-sm text-muted">We sent you a sign-in link. It works once and expires in 15 minutes.</p>
      <Link href="/sign-in" className="text-sm font-medium underline-offset-4 hover:underline">
        Back to sign in
      </Link>
    </div>
  );
}
