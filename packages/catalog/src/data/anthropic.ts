import type { CatalogModelInput } from "../schema.js";
import { CHAT_REASONING } from "./capabilities.js";

// cacheWritePerMtok is the 5-minute cache write (1.25× input); 1-hour writes (2× input)
// are not modelled separately yet (see README). Extended thinking bills as output.
const source = { url: "https://platform.claude.com/docs/en/about-claude/pricing", retrieved: "2026-11-21" };

export const anthropicModels: CatalogModelInput[] = [
  {
    id: "anthropic/claude-sonnet-4-5-20250929",
    provider: "anthropic",
    kind: "anthropic",
    upstreamModel: "claude-sonnet-4-5-20250929",
    aliases: ["claude-sonnet-4-5"],
    mode: "chat",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CHAT_REASONING,
    prices: [
      {
        effectiveFrom: "2025-09-29",
        inputPerMtok: 3_000_000,
        outputPerMtok: 15_000_000,
        cachedInputPerMtok: 300_000,
        cacheWritePerMtok: 3_750_000,
      },
    ],
    source,
  },
  {
    id: "anthropic/claude-haiku-4-5-20251001",
    provider: "anthropic",
    kind: "anthropic",
    upstreamModel: "claude-haiku-4-5-20251001",
    aliases: ["claude-haiku-4-5"],
    mode: "chat",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CHAT_REASONING,
    prices: [
      {
        effectiveFrom: "2025-10-01",
        inputPerMtok: 1_000_000,
        outputPerMtok: 5_000_000,
        cachedInputPerMtok: 100_000,
        cacheWritePerMtok: 1_250_000,
      },
    ],
    source,
  },
  {
    id: "anthropic/claude-opus-4-5-20251101",
    provider: "anthropic",
    kind: "anthropic",
    upstreamModel: "claude-opus-4-5-20251101",
    aliases: ["claude-opus-4-5"],
    mode: "chat",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CHAT_REASONING,
    prices: [
      {
        effectiveFrom: "2025-11-01",
        inputPerMtok: 5_000_000,
        outputPerMtok: 25_000_000,
        cachedInputPerMtok: 500_000,
        cacheWritePerMtok: 6_250_000,
      },
    ],
    source,
  },
  {
    id: "anthropic/claude-sonnet-4-20250514",
    provider: "anthropic",
    kind: "anthropic",
    upstreamModel: "claude-sonnet-4-20250514",
    aliases: ["claude-sonnet-4-0", "claude-sonnet-4"],
    mode: "chat",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CHAT_REASONING,
    prices: [
      {
        effectiveFrom: "2025-05-14",
        inputPerMtok: 3_000_000,
        outputPerMtok: 15_000_000,
        cachedInputPerMtok: 300_000,
        cacheWritePerMtok: 3_750_000,
      },
    ],
    source,
  },
  {
    id: "anthropic/claude-sonnet-5",
    provider: "anthropic",
    kind: "anthropic",
    upstreamModel: "claude-sonnet-5",
    aliases: [],
    mode: "chat",
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: CHAT_REASONING,
    prices: [
      {
        effectiveFrom: "2026-06-30",
        inputPerMtok: 2_000_000,
        outputPerMtok: 10_000_000,
        cachedInputPerMtok: 200_000,
        cacheWritePerMtok: 2_500_000,
      },
    ],
    source: {
      url: "https://platform.claude.com/docs/en/models/sonnet-5/overview",
      retrieved: "2026-11-21",
      note: "Undated model id as published; page marks it legacy (released 2026-06-30).",
    },
  },
];
