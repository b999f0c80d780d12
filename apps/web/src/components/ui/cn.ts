/** Joins class names, dropping falsy ones; enough for our variants without a dependency. */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
