import "server-only";
import { isServiceError } from "@switchboard/core";
import { ZodError } from "zod";

/** What every server action returns to its form: no exceptions cross into client components. */
export type ActionResult<T = undefined> =
  | ({ ok: true } & (T extends undefined ? { data?: undefined } : { data: T }))
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function actionError(error: unknown): { ok: false; error: string; fieldErrors?: Record<string, string> } {
  if (isServiceError(error)) return { ok: false, error: error.message, ...(error.param ? { fieldErrors: { [error.param]: error.message } } : {}) };
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "_";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, error: error.issues[0]?.message ?? "Invalid input", fieldErrors };
  }
  console.error("[action] unexpected error", error);
  return { ok: false, error: "Something went wrong. Please try again." };
}
