import type { CatalogModelInput } from "../schema.js";
import { CHAT_REASONING, caps } from "./capabilities.js";

// Served by packages/mock-provider (demo and test upstream). Prices are synthetic but
// non-zero and distinct per token class, so cost tests catch a class billed at the wrong rate.
const source = {
  url: "http://127.0.0.1:4010/",
  retrieved: "2026-11-21",
  note: "Synthetic prices for the local mock provider.",
};
const price = {
  effectiveFrom: "2025-01-01",
  inputPerMtok: 1_000_000,
  outputPerMtok: 2_000_000,
  cachedInputPerMtok: 500_000,
  reasoningPerMtok: 2_000_000,
};

export const mockModels: CatalogModelInput[] = [
  {
    id: "mock/gpt-mock",
    provider: "mock",
    kind: "openai-compatible",
    upstreamModel: "gpt-mock",
    aliases: ["gpt-mock"],
    mode: "chat",
    // Deliberately small so context-length fallback to gpt-mock-large is easy to trigger.
    contextWindow: 16_384,
    maxOutputTokens: 4_096,
    capabilities: CHAT_REASONING,
    prices: [price],
    source,
  },
  {
    id: "mock/gpt-mock-large",
    provider: "mock",
    kind: "openai-compatible",
    upstreamModel: "gpt-mock-large",
    aliases: ["gpt-mock-large"],
    mode: "chat",
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: CHAT_REASONING,
    prices: [price],
    source,
  },
  {
    id: "mock/claude-mock",
    provider: "mock-anthropic",
    kind: "anthropic",
    upstreamModel: "claude-mock",
    aliases: ["claude-mock"],
    mode: "chat",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CHAT_REASONING,
    prices: [{ ...price, cacheWritePerMtok: 1_250_000 }],
    source,
  },
  {
    id: "mock/gemini-mock",
    provider: "mock-gemini",
    kind: "gemini",
    upstreamModel: "gemini-mock",
    aliases: ["gemini-mock"],
    mode: "chat",
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    capabilities: CHAT_REASONING,
    prices: [price],
    source,
  },
  {
    id: "mock/embed-mock",
    provider: "mock",
    kind: "openai-compatible",
    upstreamModel: "embed-mock",
    aliases: ["embed-mock"],
    mode: "embedding",
    contextWindow: 8_192,
    maxOutputTokens: 0,
    capabilities: caps({ embeddings: true }),
    prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 100_000, outputPerMtok: 0 }],
    source,
  },
];
