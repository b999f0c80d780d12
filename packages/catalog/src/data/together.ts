import type { CatalogModelInput } from "../schema.js";
import { caps } from "./capabilities.js";

const source = { url: "https://www.together.ai/pricing", retrieved: "2026-11-21" };

export const togetherModels: CatalogModelInput[] = [
  {
    id: "together/meta-llama/Llama-3.3-70B-Instruct-Turbo",
    provider: "together",
    kind: "openai-compatible",
    upstreamModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    aliases: [],
    mode: "chat",
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: caps({ tools: true, parallelTools: true, jsonSchema: true }),
    prices: [{ effectiveFrom: "2024-12-06", inputPerMtok: 880_000, outputPerMtok: 880_000 }],
    source: { ...source, note: "Secondary sources only; reconfirm against together.ai/pricing." },
  },
  {
    // Same upstream name as on Groq: a bare "openai/gpt-oss-120b" is ambiguous on purpose.
    id: "together/openai/gpt-oss-120b",
    provider: "together",
    kind: "openai-compatible",
    upstreamModel: "openai/gpt-oss-120b",
    aliases: [],
    mode: "chat",
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: caps({ tools: true, parallelTools: true, jsonSchema: true, reasoning: true }),
    prices: [{ effectiveFrom: "2025-08-05", inputPerMtok: 150_000, outputPerMtok: 600_000 }],
    source: { ...source, note: "Price confirmed by a public catalog issue citing Together's model list." },
  },
];
