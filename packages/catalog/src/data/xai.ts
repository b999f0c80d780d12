import type { CatalogModelInput } from "../schema.js";
import { CHAT_FULL, CHAT_REASONING } from "./capabilities.js";

// xAI publishes no max output length; 128k is our cap for budget reservations.
const source = { url: "https://docs.x.ai/developers/models", retrieved: "2026-11-21" };
const MAX_OUT = 128_000;

export const xaiModels: CatalogModelInput[] = [
  {
    id: "xai/grok-4.20-0309-reasoning",
    provider: "xai",
    kind: "openai-compatible",
    upstreamModel: "grok-4.20-0309-reasoning",
    aliases: ["grok-4.20-reasoning"],
    mode: "chat",
    contextWindow: 2_000_000,
    maxOutputTokens: MAX_OUT,
    capabilities: CHAT_REASONING,
    prices: [{ effectiveFrom: "2026-03-09", inputPerMtok: 2_000_000, outputPerMtok: 6_000_000, cachedInputPerMtok: 200_000 }],
    source,
  },
  {
    id: "xai/grok-4.20-0309-non-reasoning",
    provider: "xai",
    kind: "openai-compatible",
    upstreamModel: "grok-4.20-0309-non-reasoning",
    aliases: ["grok-4.20-non-reasoning"],
    mode: "chat",
    contextWindow: 2_000_000,
    maxOutputTokens: MAX_OUT,
    capabilities: CHAT_FULL,
    prices: [{ effectiveFrom: "2026-03-09", inputPerMtok: 2_000_000, outputPerMtok: 6_000_000, cachedInputPerMtok: 200_000 }],
    source,
  },
  {
    id: "xai/grok-4-1-fast-reasoning",
    provider: "xai",
    kind: "openai-compatible",
    upstreamModel: "grok-4-1-fast-reasoning",
    aliases: [],
    mode: "chat",
    contextWindow: 2_000_000,
    maxOutputTokens: MAX_OUT,
    capabilities: CHAT_REASONING,
    prices: [{ effectiveFrom: "2025-11-19", inputPerMtok: 200_000, outputPerMtok: 500_000, cachedInputPerMtok: 50_000 }],
    source,
  },
  {
    id: "xai/grok-4-1-fast-non-reasoning",
    provider: "xai",
    kind: "openai-compatible",
    upstreamModel: "grok-4-1-fast-non-reasoning",
    aliases: [],
    mode: "chat",
    contextWindow: 2_000_000,
    maxOutputTokens: MAX_OUT,
    capabilities: CHAT_FULL,
    prices: [{ effectiveFrom: "2025-11-19", inputPerMtok: 200_000, outputPerMtok: 500_000, cachedInputPerMtok: 50_000 }],
    source,
  },
];
