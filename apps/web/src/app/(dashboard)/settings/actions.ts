"use server";
import { changeMemberRole, createManagementToken, deleteTenant, inviteMember, removeMember, renameTenant, revokeInvitation, setStoreRequestBodies, revokeManagementToken, type Role } from "@switchboard/core";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionError, type ActionResult } from "@/server/action-result";
import { sendInvitationMail } from "@/server/mail";
import { getWorkspace, TENANT_COOKIE } from "@/server/workspace";

async function run(fn: () => Promise<void>): Promise<ActionResult> {
  try {
    await fn();
    revalidatePath("/settings");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function renameAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run(async () => {
    const { ctx } = await getWorkspace();
    await renameTenant({ ctx, input: { name: String(form.get("name") ?? "") } });
    revalidatePath("/", "layout");
  });
}

export async function bodiesAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run(async () => {
    const { ctx } = await getWorkspace();
    await setStoreRequestBodies({ ctx, input: { enabled: form.get("enabled") === "on" } });
    revalidatePath("/settings");
  });
}

export async function inviteAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return run(async () => {
    const ws = await getWorkspace();
    const { invitation, token } = await inviteMember({ ctx: ws.ctx, input: { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "member") as Role } });
    await sendInvitationMail(invitation.email, token, ws.tenant.name, ws.user.name ?? ws.user.email);
  });
}

export async function changeRoleAction(membershipId: string, role: Role): Promise<ActionResult> {
  return run(async () => changeMemberRole({ ctx: (await getWorkspace()).ctx, input: { membershipId, role } }).then(() => undefined));
}

export async function removeMemberAction(membershipId: string): Promise<ActionResult> {
  return run(async () => removeMember({ ctx: (await getWorkspace()).ctx, input: { membershipId } }));
}

export async function revokeInvitationAction(id: string): Promise<ActionResult> {
  return run(async () => revokeInvitation({ ctx: (await getWorkspace()).ctx, input: { id } }));
}

export async function createTokenAction(_: ActionResult<{ token: string }> | null, form: FormData): Promise<ActionResult<{ token: string }>> {
  try {
    const { ctx } = await getWorkspace();
    const { token } = await createManagementToken({ ctx, input: { name: String(form.get("name") ?? ""), scopes: form.get("readOnly") === "on" ? ["read"] : ["read", "write"] } });
    revalidatePath("/settings");
    return { ok: true, data: { token } };
  } catch (error) {
    return actionError(error);
  }
}

export async function revokeTokenAction(id: string): Promise<ActionResult> {
  return run(async () => revokeManagementToken({ ctx: (await getWorkspace()).ctx, input: { id } }));
}

export async function deleteWorkspaceAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await deleteTenant({ ctx, input: { confirmName: String(form.get("confirmName") ?? "") } });
    (await cookies()).delete(TENANT_COOKIE);
  } catch (error) {
    return actionError(error);
  }
  redirect("/overview");
}
