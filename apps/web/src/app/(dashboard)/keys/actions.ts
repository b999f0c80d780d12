"use server";
import { createApiKey, parseUsdToPico, revokeApiKey, rotateApiKey, updateApiKey } from "@switchboard/core";
import { revalidatePath } from "next/cache";
import { actionError, type ActionResult } from "@/server/action-result";
import { getWorkspace } from "@/server/workspace";

export type SecretResult = ActionResult<{ key: string; name: string; displayPrefix: string }>;

const EXPIRY_DAYS: Record<string, number | null> = { never: null, "7": 7, "30": 30, "90": 90, "365": 365 };

function optionalInt(v: FormDataEntryValue | null): number | null {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
}

export async function createKeyAction(_: SecretResult | null, form: FormData): Promise<SecretResult> {
  try {
    const { ctx } = await getWorkspace();
    const expiry = String(form.get("expiry") ?? "never");
    const days = EXPIRY_DAYS[expiry] ?? null;
    const budgetText = String(form.get("budgetUsd") ?? "").trim();
    let budget = null;
    if (budgetText !== "") {
      const amount = parseUsdToPico(budgetText);
      if (amount === null || amount <= 0n) return { ok: false, error: "Enter a budget like 25 or 12.50", fieldErrors: { budgetUsd: "Enter an amount in USD, e.g. 25 or 12.50" } };
      budget = {
        amountPicoUsd: amount,
        period: String(form.get("budgetPeriod") ?? "monthly") as "daily" | "weekly" | "monthly" | "total",
        enforcement: String(form.get("budgetEnforcement") ?? "hard") as "hard" | "soft",
      };
    }
    const { key, apiKey } = await createApiKey({
      ctx,
      input: {
        name: String(form.get("name") ?? ""),
        expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        allowedModels: form.getAll("allowedModels").map(String).filter(Boolean),
        rpmLimit: optionalInt(form.get("rpmLimit")),
        tpmLimit: optionalInt(form.get("tpmLimit")),
        budget,
      },
    });
    revalidatePath("/keys");
    return { ok: true, data: { key, name: apiKey.name, displayPrefix: apiKey.displayPrefix } };
  } catch (error) {
    return actionError(error);
  }
}

export async function revokeKeyAction(id: string): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await revokeApiKey({ ctx, input: { id } });
    revalidatePath("/keys");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function rotateKeyAction(id: string): Promise<SecretResult> {
  try {
    const { ctx } = await getWorkspace();
    const { key, apiKey } = await rotateApiKey({ ctx, input: { id } });
    revalidatePath("/keys");
    return { ok: true, data: { key, name: apiKey.name, displayPrefix: apiKey.displayPrefix } };
  } catch (error) {
    return actionError(error);
  }
}

/** Name and limits of an existing key; the gateway drops its cached copy when the service commits. */
export async function updateKeyAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await updateApiKey({
      ctx,
      input: {
        id: String(form.get("id") ?? ""),
        name: String(form.get("name") ?? ""),
        allowedModels: form.getAll("allowedModels").map(String).filter(Boolean),
        rpmLimit: optionalInt(form.get("rpmLimit")),
        tpmLimit: optionalInt(form.get("tpmLimit")),
      },
    });
    revalidatePath("/keys");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}
