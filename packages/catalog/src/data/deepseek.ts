import type { CatalogModelInput } from "../schema.js";
import { caps } from "./capabilities.js";

// "Cache hit" is DeepSeek's cached-input price; "cache miss" is the plain input price.
// The legacy names deepseek-chat / deepseek-reasoner were retired after 2026-07-24.
const source = { url: "https://api-docs.deepseek.com/quick_start/pricing", retrieved: "2026-11-21" };
const DEEPSEEK_CAPS = caps({ tools: true, parallelTools: true, jsonSchema: true, reasoning: true });

export const deepseekModels: CatalogModelInput[] = [
  {
    id: "deepseek/deepseek-v4-flash",
    provider: "deepseek",
    kind: "openai-compatible",
    upstreamModel: "deepseek-v4-flash",
    aliases: [],
    mode: "chat",
    contextWindow: 1_000_000,
    maxOutputTokens: 384_000,
    capabilities: DEEPSEEK_CAPS,
    prices: [{ effectiveFrom: "2026-04-26", inputPerMtok: 140_000, outputPerMtok: 280_000, cachedInputPerMtok: 2_800 }],
    source: {
      ...source,
      note: "Cache-hit price cut to 1/10 at 2026-04-26 12:15 UTC; day granularity bills that whole day at the new price.",
    },
  },
  {
    id: "deepseek/deepseek-v4-pro",
    provider: "deepseek",
    kind: "openai-compatible",
    upstreamModel: "deepseek-v4-pro",
    aliases: [],
    mode: "chat",
    contextWindow: 1_000_000,
    maxOutputTokens: 384_000,
    capabilities: DEEPSEEK_CAPS,
    // Launch promotion (75% off) ended 2026-05-31 15:59 UTC, then the regular list price.
    prices: [
      { effectiveFrom: "2026-04-26", inputPerMtok: 435_000, outputPerMtok: 870_000, cachedInputPerMtok: 3_625 },
      { effectiveFrom: "2026-06-01", inputPerMtok: 1_740_000, outputPerMtok: 3_480_000, cachedInputPerMtok: 14_500 },
    ],
    source: {
      ...source,
      note: "Regular price and promotion end date from secondary sources quoting the official page; not re-confirmed after June 2026.",
    },
  },
];
