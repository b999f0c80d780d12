import { z } from "zod";

/** ISO calendar date, e.g. "2025-09-29". Price history and source dates use it. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "not a real calendar date");

/**
 * Prices are integers in micro-USD per 1M tokens ($0.15/Mtok = 150_000) so that
 * tokens × price is an exact integer in picodollars. A float here would leak rounding
 * into every invoice, hence `.int()`.
 */
const microUsdPerMtok = z.number().int().nonnegative().max(1_000_000_000);

export const priceSchema = z.strictObject({
  effectiveFrom: isoDate,
  inputPerMtok: microUsdPerMtok,
  outputPerMtok: microUsdPerMtok,
  cachedInputPerMtok: microUsdPerMtok.optional(),
  cacheWritePerMtok: microUsdPerMtok.optional(),
  reasoningPerMtok: microUsdPerMtok.optional(),
});

export const capabilitiesSchema = z.strictObject({
  tools: z.boolean(),
  parallelTools: z.boolean(),
  vision: z.boolean(),
  jsonSchema: z.boolean(),
  reasoning: z.boolean(),
  embeddings: z.boolean(),
});

export const wireKindSchema = z.enum(["openai-compatible", "anthropic", "gemini"]);

export const catalogModelSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+\/\S+$/, 'expected "provider/model"'),
    provider: z.string().regex(/^[a-z0-9-]+$/),
    kind: wireKindSchema,
    upstreamModel: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    mode: z.enum(["chat", "embedding"]),
    contextWindow: z.number().int().positive(),
    maxOutputTokens: z.number().int().nonnegative(),
    capabilities: capabilitiesSchema,
    prices: z.array(priceSchema).min(1),
    source: z.strictObject({
      url: z.url(),
      retrieved: isoDate,
      // Free text for honesty about how a price was confirmed (see README).
      note: z.string().optional(),
    }),
  })
  .superRefine((m, ctx) => {
    // The id prefix names the model family, not necessarily the serving provider: the
    // mock's Anthropic and Gemini faces ("mock-anthropic", "mock-gemini") serve "mock/..." ids.
    const prefix = m.id.slice(0, m.id.indexOf("/"));
    if (m.provider !== prefix && !m.provider.startsWith(`${prefix}-`)) {
      ctx.addIssue({ code: "custom", path: ["id"], message: `id prefix "${prefix}" does not match provider "${m.provider}"` });
    }
    for (let i = 1; i < m.prices.length; i++) {
      const prev = m.prices[i - 1];
      const cur = m.prices[i];
      if (prev && cur && prev.effectiveFrom >= cur.effectiveFrom) {
        ctx.addIssue({
          code: "custom",
          path: ["prices", i, "effectiveFrom"],
          message: "prices must be sorted by strictly increasing effectiveFrom",
        });
      }
    }
    if (new Set(m.aliases).size !== m.aliases.length) {
      ctx.addIssue({ code: "custom", path: ["aliases"], message: "duplicate alias" });
    }
    if (m.mode === "embedding" && !m.capabilities.embeddings) {
      ctx.addIssue({ code: "custom", path: ["capabilities", "embeddings"], message: "embedding model must have embeddings capability" });
    }
  });

export const providerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  kind: wireKindSchema,
  defaultBaseUrl: z.url(),
  apiKeyEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  /** Env var that overrides defaultBaseUrl (the mock providers use it). */
  baseUrlEnv: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .optional(),
  /**
   * A simulated upstream (the local mock): needs no API key, and is served under the gateway's
   * MOCK_PROVIDER_URL with this entry's base-URL path. Only available when that URL is configured.
   */
  simulated: z.boolean().optional(),
});

export type WireKind = z.infer<typeof wireKindSchema>;
export type ModelPrice = z.infer<typeof priceSchema>;
export type ModelCapabilities = z.infer<typeof capabilitiesSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type CatalogModelInput = z.input<typeof catalogModelSchema>;
export type ProviderInfo = z.infer<typeof providerSchema>;
