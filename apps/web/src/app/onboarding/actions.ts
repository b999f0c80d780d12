"use server";
import { createTenant } from "@switchboard/core";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { actionError, type ActionResult } from "@/server/action-result";
import { db } from "@/server/db";
import { requireUser, TENANT_COOKIE, tenantCookieOptions } from "@/server/workspace";

export async function createWorkspaceAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  let tenantId: string;
  try {
    const user = await requireUser();
    const { tenant } = await createTenant({ db: db(), input: { name: String(form.get("name") ?? ""), userId: user.id } });
    tenantId = tenant.id;
  } catch (error) {
    return actionError(error);
  }
  (await cookies()).set(TENANT_COOKIE, tenantId, tenantCookieOptions());
  redirect("/overview");
}
