/**
 * Tiny checks on parsed JSON, shared by the hand-written fast paths in front of the zod schemas
 * (the common request here, the common upstream answer and chunk in the providers).
 */

/** A JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const isNullish = (v: unknown): v is null | undefined => v === undefined || v === null;

/** What zod's `z.string().nullish()` accepts. */
export const isNullishString = (v: unknown): boolean => isNullish(v) || typeof v === "string";

/** What zod's `z.number().int().nonnegative().nullish()` accepts (zod's int is a safe integer). */
export const isNullishCount = (v: unknown): boolean => isNullish(v) || (Number.isSafeInteger(v) && (v as number) >= 0);
