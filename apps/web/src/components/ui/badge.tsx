import type { ReactNode } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "green" | "red" | "amber" | "blue" | "violet";
const tones: Record<Tone, string> = {
  neutral: "bg-subtle text-muted border-line",
  green: "bg-emerald-500/10 text-emerald-700 border-emerald-500/20 dark:text-emerald-300",
  red: "bg-red-500/10 text-red-700 border-red-500/20 dark:text-red-300",
  amber: "bg-amber-500/10 text-amber-700 border-amber-500/20 dark:text-amber-300",
  blue: "bg-sky-500/10 text-sky-700 border-sky-500/20 dark:text-sky-300",
  violet: "bg-violet-500/10 text-violet-700 border-violet-500/20 dark:text-violet-300",
};

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={cn("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium", tones[tone])}>{children}</span>;
}
