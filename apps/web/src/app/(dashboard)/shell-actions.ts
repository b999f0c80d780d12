"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { listTenantsForUser } from "@switchboard/core";
import { signOut } from "@/server/auth";
import { db } from "@/server/db";
import { requireUser, TENANT_COOKIE, tenantCookieOptions } from "@/server/workspace";

export async function switchTenant(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = String(form.get("tenantId") ?? "");
  const tenants = await listTenantsForUser({ db: db(), userId: user.id });
  // The cookie is only a preference; getWorkspace re-checks membership on every request anyway.
  if (tenants.some((t) => t.id === id)) {
    (await cookies()).set(TENANT_COOKIE, id, tenantCookieOptions());
  }
  redirect("/overview");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
