import type { CatalogModelInput } from "../schema.js";
import { EMBEDDING, caps } from "./capabilities.js";

// Mistral publishes no cached-input discount. Prices here come from secondary sources that
// quote Mistral's pricing page, which this session could not read directly (see README).
const source = {
  url: "https://mistral.ai/pricing",
  retrieved: "2026-11-21",
  note: "Secondary sources only; reconfirm against mistral.ai/pricing.",
};
const CHAT_VISION = caps({ tools: true, parallelTools: true, vision: true, jsonSchema: true });
const CHAT_TEXT = caps({ tools: true, parallelTools: true, jsonSchema: true });
const REASONING = caps({ tools: true, parallelTools: true, jsonSchema: true, reasoning: true });

function chat(
  upstream: string,
  alias: string,
  contextWindow: number,
  inputPerMtok: number,
  outputPerMtok: number,
  effectiveFrom: string,
  capabilities = CHAT_VISION,
): CatalogModelInput {
  return {
    id: `mistral/${upstream}`,
    provider: "mistral",
    kind: "openai-compatible",
    upstreamModel: upstream,
    aliases: [alias],
    mode: "chat",
    contextWindow,
    // Mistral documents no separate output cap: the whole window may be output.
    maxOutputTokens: contextWindow,
    capabilities,
    prices: [{ effectiveFrom, inputPerMtok, outputPerMtok }],
    source,
  };
}

export const mistralModels: CatalogModelInput[] = [
  chat("mistral-large-2512", "mistral-large-latest", 262_144, 500_000, 1_500_000, "2025-12-02"),
  chat("mistral-medium-2508", "mistral-medium-latest", 131_072, 400_000, 2_000_000, "2025-08-12"),
  chat("mistral-small-2506", "mistral-small-latest", 131_072, 100_000, 300_000, "2025-06-20"),
  chat("codestral-2508", "codestral-latest", 256_000, 300_000, 900_000, "2025-08-01", CHAT_TEXT),
  chat("magistral-medium-2509", "magistral-medium-latest", 131_072, 2_000_000, 5_000_000, "2025-09-17", REASONING),
  chat("magistral-small-2509", "magistral-small-latest", 131_072, 500_000, 1_500_000, "2025-09-17", REASONING),
  chat("ministral-8b-2512", "ministral-8b-latest", 262_144, 150_000, 150_000, "2025-12-02", CHAT_TEXT),
  {
    id: "mistral/mistral-embed",
    provider: "mistral",
    kind: "openai-compatible",
    upstreamModel: "mistral-embed",
    aliases: [],
    mode: "embedding",
    contextWindow: 8_192,
    maxOutputTokens: 0,
    capabilities: EMBEDDING,
    prices: [{ effectiveFrom: "2023-12-11", inputPerMtok: 100_000, outputPerMtok: 0 }],
    source,
  },
];
