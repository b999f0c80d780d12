import { acceptInvitation, findInvitation, isServiceError } from "@switchboard/core";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { buttonClass } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { db } from "@/server/db";
import { currentUser, TENANT_COOKIE, tenantCookieOptions } from "@/server/workspace";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ error?: string }> }) {
  const { token } = await params;
  const { error } = await searchParams;
  const [invitation, user] = await Promise.all([findInvitation(db(), token), currentUser()]);

  async function accept() {
    "use server";
    const u = await currentUser();
    if (!u) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
    let tenantId: string;
    try {
      tenantId = (await acceptInvitation({ db: db(), input: { token, userId: u.id } })).tenantId;
    } catch (e) {
      redirect(`/invite/${token}?error=${encodeURIComponent(isServiceError(e) ? e.message : "Could not accept the invitation")}`);
    }
    (await cookies()).set(TENANT_COOKIE, tenantId, tenantCookieOptions());
    redirect("/overview");
  }

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <Logo className="mb-8 text-lg" />
      <div className="w-full max-w-sm space-y-4 rounded-xl border border-line bg-panel p-8 text-center">
        {!invitation ? (
          <>
            <h1 className="text-xl font-semibold">Invitation not valid</h1>
            <p className="text-sm text-muted">This invitation has expired, was revoked or was already used. Ask for a new one.</p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Join {invitation.tenant.name}</h1>
            <p className="text-sm text-muted">
              {invitation.invitedBy?.name ?? invitation.invitedBy?.email ?? "A teammate"} invited <strong>{invitation.email}</strong> as <strong>{invitation.role}</strong>.
            </p>
            <FormError message={error} />
            {user ? (
              <form action={accept}>
                <button type="submit" className={buttonClass("primary", "md", "w-full")}>
                  Accept as {user.email}
                </button>
              </form>
            ) : (
              <div className="space-y-2">
                <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`} className={buttonClass("primary", "md", "w-full")}>
                  Sign in to accept
                </Link>
                <Link href="/sign-up" className={buttonClass("secondary", "md", "w-full")}>
                  Create an account
                </Link>
              </div>
            )}
          </>
        )}
      </div>
    </main>
  );
}
