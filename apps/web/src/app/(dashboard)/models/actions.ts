"use server";
import { createProviderCredential, createRoute, deleteProviderCredential, deleteRoute } from "@switchboard/core";
import { revalidatePath } from "next/cache";
import { actionError, type ActionResult } from "@/server/action-result";
import { getWorkspace } from "@/server/workspace";

export async function createCredentialAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    const baseUrl = String(form.get("baseUrl") ?? "").trim();
    await createProviderCredential({
      ctx,
      input: { provider: String(form.get("provider") ?? ""), name: String(form.get("name") ?? ""), secret: String(form.get("secret") ?? ""), baseUrl: baseUrl || null },
    });
    revalidatePath("/models");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function createRouteAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    const credentialId = String(form.get("credentialId") ?? "");
    const models = String(form.get("targets") ?? "")
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    await createRoute({
      ctx,
      input: {
        name: String(form.get("name") ?? ""),
        strategy: String(form.get("strategy") ?? "fallback") as "fallback",
        targets: models.map((model) => ({ model, ...(credentialId ? { credentialId } : {}) })),
        cacheEnabled: form.get("cache") === "on",
        cacheTtlSeconds: form.get("cache") === "on" ? 3600 : null,
      },
    });
    revalidatePath("/models");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function deleteCredentialAction(id: string): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await deleteProviderCredential({ ctx, input: { id } });
    revalidatePath("/models");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function deleteRouteAction(id: string): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await deleteRoute({ ctx, input: { id } });
    revalidatePath("/models");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}
