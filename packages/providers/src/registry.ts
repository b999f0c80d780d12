import type { ProviderAdapter } from "@switchboard/spec";
import { anthropicAdapter } from "./anthropic/anthropic-adapter.js";
import { geminiAdapter } from "./gemini/gemini-adapter.js";
import { openAICompatibleAdapter } from "./openai-compatible/openai-compatible-adapter.js";

const ADAPTERS = {
  "openai-compatible": openAICompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
} as const satisfies Record<string, ProviderAdapter>;

export type ProviderKind = keyof typeof ADAPTERS;
export const PROVIDER_KINDS = Object.keys(ADAPTERS) as ProviderKind[];

export function isProviderKind(kind: string): kind is ProviderKind {
  return Object.hasOwn(ADAPTERS, kind);
}

/** Throws on an unknown kind: deployments are validated at config load, so this is a programming error. */
export function getAdapter(kind: string): ProviderAdapter {
  if (!isProviderKind(kind)) throw new Error(`Unknown provider kind "${kind}". Known: ${PROVIDER_KINDS.join(", ")}`);
  return ADAPTERS[kind];
}
