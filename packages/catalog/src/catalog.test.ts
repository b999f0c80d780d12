import { describe, expect, it } from "vitest";
import { CatalogValidationError, createCatalog, getModel, getProvider, listModels, listProviders, providerBaseUrl, resolveModelName } from "./catalog.js";
import { priceAt } from "./prices.js";
import { catalogModelSchema } from "./schema.js";
import type { CatalogModelInput } from "./schema.js";

const realModels = listModels().filter((m) => !m.provider.startsWith("mock"));

describe("shipped catalog data", () => {
  it("validates every entry against catalogModelSchema", () => {
    for (const m of listModels()) {
      const res = catalogModelSchema.safeParse(m);
      expect(res.success, `${m.id}: ${res.success ? "" : res.error.message}`).toBe(true);
    }
  });

  it("has at least 40 real models across at least 6 real providers", () => {
    expect(realModels.length).toBeGreaterThanOrEqual(40);
    expect(new Set(realModels.map((m) => m.provider)).size).toBeGreaterThanOrEqual(6);
  });

  it("has unique ids and aliases that resolve to exactly one model and never shadow an id", () => {
    const ids = listModels().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const aliases = listModels().flatMap((m) => m.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const a of aliases) expect(ids).not.toContain(a);
  });

  it("stores every price as a non-negative integer with sorted effective dates", () => {
    for (const m of listModels()) {
      const dates = m.prices.map((p) => p.effectiveFrom);
      expect([...dates].sort(), m.id).toEqual(dates);
      for (const p of m.prices) {
        for (const v of [p.inputPerMtok, p.outputPerMtok, p.cachedInputPerMtok, p.cacheWritePerMtok, p.reasoningPerMtok]) {
          if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0, `${m.id} ${v}`).toBe(true);
        }
      }
      if (m.mode === "chat") expect(m.prices.at(-1)?.outputPerMtok, m.id).toBeGreaterThan(0);
      expect(m.prices.at(-1)?.inputPerMtok, m.id).toBeGreaterThan(0);
    }
  });

  it("cites a source URL and retrieval date for every model", () => {
    for (const m of listModels()) {
      expect(m.source.url, m.id).toMatch(/^https?:\/\//);
      expect(m.source.retrieved, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("serves every model through a known provider of the same wire kind", () => {
    for (const m of listModels()) {
      expect(getProvider(m.provider)?.kind, m.id).toBe(m.kind);
    }
  });

  it("ships one mock model per wire format plus the large and embedding variants", () => {
    expect(getModel("mock/gpt-mock")).toMatchObject({ kind: "openai-compatible", provider: "mock", aliases: ["gpt-mock"] });
    expect(getModel("mock/claude-mock")).toMatchObject({ kind: "anthropic", provider: "mock-anthropic" });
    expect(getModel("mock/gemini-mock")).toMatchObject({ kind: "gemini", provider: "mock-gemini" });
    expect(getModel("mock/embed-mock")).toMatchObject({ mode: "embedding", kind: "openai-compatible" });
    const small = getModel("mock/gpt-mock");
    const large = getModel("mock/gpt-mock-large");
    expect(large && small && large.contextWindow > small.contextWindow).toBe(true);
    expect(priceAt(getModel("gpt-mock")!)).toMatchObject({ inputPerMtok: 1_000_000, outputPerMtok: 2_000_000 });
  });

  it("lists providers with their default base URLs and key variables", () => {
    const byId = new Map(listProviders().map((p) => [p.id, p]));
    expect(byId.get("openai")).toMatchObject({ defaultBaseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" });
    expect(byId.get("anthropic")).toMatchObject({ kind: "anthropic", defaultBaseUrl: "https://api.anthropic.com" });
    expect(byId.get("google")).toMatchObject({ kind: "gemini", apiKeyEnv: "GEMINI_API_KEY" });
    expect(byId.get("groq")?.defaultBaseUrl).toBe("https://api.groq.com/openai/v1");
    expect(byId.get("mock")?.defaultBaseUrl).toBe("http://127.0.0.1:4010/v1");
    expect(byId.get("mock-anthropic")?.defaultBaseUrl).toBe("http://127.0.0.1:4010");
  });

  it("returns frozen data so callers cannot alter shared prices", () => {
    const m = getModel("gpt-4o-mini")!;
    expect(() => {
      (m.prices[0] as { inputPerMtok: number }).inputPerMtok = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(listModels())).toBe(true);
  });
});

describe("name resolution", () => {
  it("resolves undated aliases to pinned dated ids", () => {
    expect(getModel("gpt-4o-mini")?.id).toBe("openai/gpt-4o-mini-2024-07-18");
    expect(getModel("claude-sonnet-4-5")?.id).toBe("anthropic/claude-sonnet-4-5-20250929");
    expect(getModel("claude-sonnet-4-5")).toBe(getModel("anthropic/claude-sonnet-4-5-20250929"));
  });

  it("is case-sensitive and does not guess", () => {
    expect(getModel("GPT-4o-mini")).toBeUndefined();
    expect(getModel("openai/GPT-4o-mini-2024-07-18")).toBeUndefined();
    expect(getModel("nope")).toBeUndefined();
  });

  it("accepts a bare upstream name only when exactly one model uses it", () => {
    expect(getModel("claude-sonnet-4-5-20250929")).toBeUndefined();
    expect(resolveModelName("claude-sonnet-4-5-20250929")?.id).toBe("anthropic/claude-sonnet-4-5-20250929");
    expect(resolveModelName("gemini-2.5-pro")?.id).toBe("google/gemini-2.5-pro");
    // Served by both Groq and Together: ambiguous, so the caller must say which.
    expect(resolveModelName("openai/gpt-oss-120b")).toBeUndefined();
    expect(resolveModelName("groq/openai/gpt-oss-120b")?.provider).toBe("groq");
    expect(resolveModelName("gpt-mock")?.id).toBe("mock/gpt-mock");
  });
});

describe("priceAt", () => {
  const o3 = getModel("o3")!;

  it("picks the entry in force on the date, switching at 00:00 UTC", () => {
    expect(priceAt(o3, "2025-06-09").inputPerMtok).toBe(10_000_000);
    expect(priceAt(o3, "2025-06-10").inputPerMtok).toBe(2_000_000);
    expect(priceAt(o3, new Date("2025-06-09T23:59:59.999Z")).inputPerMtok).toBe(10_000_000);
    expect(priceAt(o3, new Date("2025-06-10T00:00:00Z")).inputPerMtok).toBe(2_000_000);
    expect(priceAt(o3).inputPerMtok).toBe(2_000_000);
  });

  it("follows a promotion ending (DeepSeek V4 Pro)", () => {
    const pro = getModel("deepseek/deepseek-v4-pro")!;
    expect(priceAt(pro, "2026-05-15").outputPerMtok).toBe(870_000);
    expect(priceAt(pro, "2026-06-01").outputPerMtok).toBe(3_480_000);
  });

  it("throws before the first effective date and on invalid dates", () => {
    expect(() => priceAt(o3, "2025-04-15")).toThrow(RangeError);
    expect(() => priceAt(o3, new Date("not a date"))).toThrow(RangeError);
  });
});

describe("createCatalog", () => {
  const extra: CatalogModelInput = {
    id: "openai/gpt-4o-mini-eu",
    provider: "openai",
    kind: "openai-compatible",
    upstreamModel: "gpt-4o-mini-2024-07-18",
    aliases: ["gpt-4o-mini-eu"],
    mode: "chat",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { tools: true, parallelTools: true, vision: true, jsonSchema: true, reasoning: false, embeddings: false },
    prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 165_000, outputPerMtok: 660_000 }],
    source: { url: "https://example.com/contract", retrieved: "2026-11-01" },
  };

  it("merges operator models with the shipped ones without touching the default catalog", () => {
    const c = createCatalog([extra]);
    expect(c.listModels().length).toBe(listModels().length + 1);
    expect(c.getModel("gpt-4o-mini-eu")?.id).toBe("openai/gpt-4o-mini-eu");
    // Two models now share the upstream name, so the bare name no longer resolves.
    expect(c.resolveModelName("gpt-4o-mini-2024-07-18")).toBeUndefined();
    expect(getModel("gpt-4o-mini-eu")).toBeUndefined();
  });

  it("lets an operator entry replace a shipped one by id (e.g. a negotiated price)", () => {
    const base = getModel("gpt-4o-mini")!;
    const c = createCatalog([{ ...base, prices: [{ effectiveFrom: "2024-07-18", inputPerMtok: 100_000, outputPerMtok: 500_000 }] }]);
    expect(c.listModels().length).toBe(listModels().length);
    expect(priceAt(c.getModel("gpt-4o-mini")!).inputPerMtok).toBe(100_000);
  });

  it("accepts extra providers for custom upstreams", () => {
    const c = createCatalog([{ ...extra, id: "acme/llama", provider: "acme", aliases: ["acme-llama"] }], {
      providers: [{ id: "acme", name: "Acme", kind: "openai-compatible", defaultBaseUrl: "https://llm.acme.test/v1", apiKeyEnv: "ACME_API_KEY" }],
    });
    expect(c.getModel("acme-llama")?.provider).toBe("acme");
    expect(c.getProvider("acme")?.defaultBaseUrl).toBe("https://llm.acme.test/v1");
  });

  it("can start from an empty registry", () => {
    const c = createCatalog([{ ...extra, id: "mock/x", provider: "mock", aliases: [] }], {
      includeBuiltins: false,
      providers: [{ id: "mock", name: "Mock", kind: "openai-compatible", defaultBaseUrl: "http://127.0.0.1:4010/v1", apiKeyEnv: "MOCK_API_KEY" }],
    });
    expect(c.listModels().map((m) => m.id)).toEqual(["mock/x"]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["an alias already taken", { ...extra, aliases: ["gpt-4o-mini"] }, /alias "gpt-4o-mini" already belongs/],
    ["an alias equal to an id", { ...extra, aliases: ["openai/gpt-4o-2024-08-06"] }, /collides with a model id/],
    ["a float price", { ...extra, prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: 0.15, outputPerMtok: 1 }] }, /inputPerMtok/],
    ["a negative price", { ...extra, prices: [{ effectiveFrom: "2025-01-01", inputPerMtok: -1, outputPerMtok: 1 }] }, /inputPerMtok/],
    [
      "unsorted prices",
      {
        ...extra,
        prices: [
          { effectiveFrom: "2025-02-01", inputPerMtok: 1, outputPerMtok: 1 },
          { effectiveFrom: "2025-01-01", inputPerMtok: 1, outputPerMtok: 1 },
        ],
      },
      /sorted/,
    ],
    ["no prices", { ...extra, prices: [] }, /prices/],
    ["a missing source", { ...extra, source: undefined }, /source/],
    ["a bad retrieval date", { ...extra, source: { url: "https://x.test", retrieved: "2026-13-01" } }, /retrieved/],
    ["an unknown provider", { ...extra, id: "nobody/x", provider: "nobody" }, /unknown provider "nobody"/],
    ["a kind that differs from the provider's", { ...extra, kind: "anthropic" }, /differs from provider openai/],
    ["an unknown field", { ...extra, colour: "blue" }, /colour|Unrecognized/],
  ];

  it.each(bad)("rejects %s", (_label, model, message) => {
    let error: unknown;
    try {
      createCatalog([model]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogValidationError);
    expect((error as CatalogValidationError).issues.join("\n")).toMatch(message);
  });

  it("rejects a repeated id within the extra models", () => {
    expect(() => createCatalog([extra, extra])).toThrow(/openai\/gpt-4o-mini-eu: duplicate id/);
  });

  it("reports every problem at once", () => {
    try {
      createCatalog([{ ...extra, aliases: ["gpt-4o"] }, { ...extra, id: "openai/other", prices: [] }]);
      expect.unreachable();
    } catch (e) {
      expect((e as CatalogValidationError).issues.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("providerBaseUrl", () => {
  it("uses the provider's env override when present, else the default", () => {
    const mock = getProvider("mock-gemini")!;
    expect(providerBaseUrl(mock)).toBe("http://127.0.0.1:4010");
    expect(providerBaseUrl(mock, { MOCK_GEMINI_BASE_URL: "http://mock:9999" })).toBe("http://mock:9999");
    expect(providerBaseUrl(mock, { MOCK_GEMINI_BASE_URL: "" })).toBe("http://127.0.0.1:4010");
    expect(providerBaseUrl(getProvider("openai")!, { MOCK_GEMINI_BASE_URL: "x" })).toBe("https://api.openai.com/v1");
  });
});
