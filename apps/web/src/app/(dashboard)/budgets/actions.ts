"use server";
import { createBudget, deleteBudget, parseUsdToPico, updateBudget } from "@switchboard/core";
import { revalidatePath } from "next/cache";
import { actionError, type ActionResult } from "@/server/action-result";
import { getWorkspace } from "@/server/workspace";

const list = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export async function createBudgetAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    const fields = budgetFields(form);
    if (!fields.ok) return fields.error;
    const keyId = String(form.get("apiKeyId") ?? "");
    await createBudget({ ctx, input: { scope: keyId ? "key" : "tenant", apiKeyId: keyId || null, ...fields.input } });
    revalidatePath("/budgets");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

interface BudgetFields {
  amountPicoUsd: bigint;
  period: "monthly";
  enforcement: "soft";
  alertThresholds: number[];
  recipients: string[];
}

/** The fields the create and edit forms share, or the form error to show. */
function budgetFields(form: FormData): { ok: true; input: BudgetFields } | { ok: false; error: ActionResult } {
  const amount = parseUsdToPico(String(form.get("amountUsd") ?? ""));
  if (amount === null || amount <= 0n) return { ok: false, error: { ok: false, error: "Enter an amount in USD", fieldErrors: { amountUsd: "Enter an amount in USD, e.g. 100 or 49.99" } } };
  const thresholds = list(form.get("thresholds")).map(Number);
  if (thresholds.some((t) => !Number.isInteger(t))) return { ok: false, error: { ok: false, error: "Thresholds are whole percentages", fieldErrors: { thresholds: "Whole percentages, e.g. 50, 80, 100" } } };
  return {
    ok: true,
    input: {
      amountPicoUsd: amount,
      period: String(form.get("period") ?? "monthly") as "monthly",
      enforcement: String(form.get("enforcement") ?? "soft") as "soft",
      alertThresholds: thresholds.length ? thresholds : [50, 80, 100],
      recipients: list(form.get("recipients")),
    },
  };
}

/** Amount, period, enforcement, thresholds and recipients of an existing budget (its scope is fixed). */
export async function updateBudgetAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    const fields = budgetFields(form);
    if (!fields.ok) return fields.error;
    await updateBudget({ ctx, input: { id: String(form.get("id") ?? ""), ...fields.input } });
    revalidatePath("/budgets");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}

export async function deleteBudgetAction(id: string): Promise<ActionResult> {
  try {
    const { ctx } = await getWorkspace();
    await deleteBudget({ ctx, input: { id } });
    revalidatePath("/budgets");
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}
