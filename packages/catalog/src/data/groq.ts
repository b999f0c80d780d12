import type { CatalogModelInput } from "../schema.js";
import { caps } from "./capabilities.js";

// Groq's upstream names keep the model author's namespace ("openai/gpt-oss-120b"), so the
// canonical id is "groq/<upstream>".
const source = { url: "https://groq.com/pricing", retrieved: "2026-11-21" };
const TEXT = caps({ tools: true, parallelTools: true, jsonSchema: true });
const REASONING = caps({ tools: true, parallelTools: true, jsonSchema: true, reasoning: true });

function groq(
  upstream: string,
  contextWindow: number,
  maxOutputTokens: number,
  price: { inputPerMtok: number; outputPerMtok: number; cachedInputPerMtok?: number },
  capabilities = TEXT,
): CatalogModelInput {
  return {
    id: `groq/${upstream}`,
    provider: "groq",
    kind: "openai-compatible",
    upstreamModel: upstream,
    aliases: [],
    mode: "chat",
    contextWindow,
    maxOutputTokens,
    capabilities,
    prices: [{ effectiveFrom: "2025-08-05", ...price }],
    source: {
      ...source,
      note: "effectiveFrom is the earliest date this price is known to apply, not the model's launch.",
    },
  };
}

export const groqModels: CatalogModelInput[] = [
  groq("llama-3.3-70b-versatile", 131_072, 32_768, { inputPerMtok: 590_000, outputPerMtok: 790_000 }),
  groq("llama-3.1-8b-instant", 131_072, 131_072, { inputPerMtok: 50_000, outputPerMtok: 80_000 }),
  groq("openai/gpt-oss-120b", 131_072, 65_536, { inputPerMtok: 150_000, outputPerMtok: 600_000, cachedInputPerMtok: 75_000 }, REASONING),
  groq("openai/gpt-oss-20b", 131_072, 65_536, { inputPerMtok: 75_000, outputPerMtok: 300_000, cachedInputPerMtok: 37_500 }, REASONING),
  groq(
    "meta-llama/llama-4-scout-17b-16e-instruct",
    131_072,
    8_192,
    { inputPerMtok: 110_000, outputPerMtok: 340_000 },
    caps({ tools: true, parallelTools: true, jsonSchema: true, vision: true }),
  ),
  groq("qwen/qwen3-32b", 131_072, 40_960, { inputPerMtok: 290_000, outputPerMtok: 590_000 }, REASONING),
];
