import { builtinModels, builtinProviders } from "./builtin.js";
import { catalogModelSchema, providerSchema } from "./schema.js";
import type { CatalogModel, ProviderInfo } from "./schema.js";

/** Every problem found while building a catalog, so an operator fixes a YAML file in one pass. */
export class CatalogValidationError extends Error {
  override readonly name = "CatalogValidationError";
  constructor(readonly issues: readonly string[]) {
    super(`invalid model catalog:\n  - ${issues.join("\n  - ")}`);
  }
}

export interface Catalog {
  listModels(): readonly CatalogModel[];
  listProviders(): readonly ProviderInfo[];
  getProvider(id: string): ProviderInfo | undefined;
  /** Exact, case-sensitive canonical id or alias. */
  getModel(idOrAlias: string): CatalogModel | undefined;
  /** getModel, then a bare upstream name when exactly one model uses it. */
  resolveModelName(name: string): CatalogModel | undefined;
}

export interface CreateCatalogOptions {
  /** Extra or replacement providers (same id replaces the built-in entry). */
  providers?: readonly unknown[];
  /** Start from an empty registry instead of the shipped one (tests, air-gapped deployments). */
  includeBuiltins?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseAll<T>(
  inputs: readonly unknown[],
  parse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } },
  label: string,
  issues: string[],
): T[] {
  const out: T[] = [];
  inputs.forEach((input, i) => {
    const res = parse(input);
    if (res.success) {
      out.push(res.data);
      return;
    }
    const id = input && typeof input === "object" && "id" in input ? String(input.id) : `#${i}`;
    for (const issue of res.error.issues) {
      issues.push(`${label} ${id}: ${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
    }
  });
  return out;
}

/** Later entries replace earlier ones with the same id, keeping the first one's position. */
function mergeById<T extends { id: string }>(base: readonly T[], extra: readonly T[], label: string, issues: string[]): T[] {
  // Replacement is only across the two lists; a repeated id inside one list is a data error.
  for (const list of [base, extra]) {
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e.id)) issues.push(`${label} ${e.id}: duplicate id`);
      seen.add(e.id);
    }
  }
  const byId = new Map<string, T>();
  for (const e of [...base, ...extra]) byId.set(e.id, e);
  return [...byId.values()];
}

/**
 * Build a validated, immutable catalog: the shipped models plus `extraModels` (e.g. from an
 * operator's YAML), run through catalogModelSchema and the cross-entry rules (unique ids,
 * aliases unique and never shadowing an id, provider known and of the same wire kind).
 * An extra model with a built-in id replaces it (e.g. a negotiated price). Throws
 * CatalogValidationError listing every problem.
 */
export function createCatalog(extraModels: readonly unknown[] = [], options: CreateCatalogOptions = {}): Catalog {
  const issues: string[] = [];
  const includeBuiltins = options.includeBuiltins ?? true;

  const baseProviders = includeBuiltins ? parseAll(builtinProviders, (v) => providerSchema.safeParse(v), "provider", issues) : [];
  const extraProviders = parseAll(options.providers ?? [], (v) => providerSchema.safeParse(v), "provider", issues);
  const providers = mergeById(baseProviders, extraProviders, "provider", issues);

  const baseModels = includeBuiltins ? parseAll(builtinModels, (v) => catalogModelSchema.safeParse(v), "model", issues) : [];
  const extra = parseAll(extraModels, (v) => catalogModelSchema.safeParse(v), "model", issues);
  const models = mergeById(baseModels, extra, "model", issues);

  const providerById = new Map(providers.map((p) => [p.id, p]));
  const byName = new Map<string, CatalogModel>();
  for (const m of models) byName.set(m.id, m);
  const aliasOwner = new Map<string, string>();
  const byUpstream = new Map<string, CatalogModel[]>();

  for (const m of models) {
    const provider = providerById.get(m.provider);
    if (!provider) issues.push(`model ${m.id}: unknown provider "${m.provider}"`);
    else if (provider.kind !== m.kind) {
      issues.push(`model ${m.id}: kind "${m.kind}" differs from provider ${provider.id}'s kind "${provider.kind}"`);
    }
    for (const alias of m.aliases) {
      const owner = aliasOwner.get(alias);
      if (owner !== undefined) issues.push(`model ${m.id}: alias "${alias}" already belongs to ${owner}`);
      else if (byName.has(alias)) issues.push(`model ${m.id}: alias "${alias}" collides with a model id`);
      else {
        aliasOwner.set(alias, m.id);
        byName.set(alias, m);
      }
    }
    const list = byUpstream.get(m.upstreamModel) ?? [];
    list.push(m);
    byUpstream.set(m.upstreamModel, list);
  }
  if (issues.length > 0) throw new CatalogValidationError(issues);

  deepFreeze(models);
  deepFreeze(providers);
  const modelList: readonly CatalogModel[] = Object.freeze([...models]);
  const providerList: readonly ProviderInfo[] = Object.freeze([...providers]);

  const getModel = (idOrAlias: string): CatalogModel | undefined => byName.get(idOrAlias);
  return {
    listModels: () => modelList,
    listProviders: () => providerList,
    getProvider: (id) => providerById.get(id),
    getModel,
    resolveModelName(name) {
      const direct = getModel(name);
      if (direct) return direct;
      const candidates = byUpstream.get(name);
      return candidates?.length === 1 ? candidates[0] : undefined;
    },
  };
}

/**
 * Base URL for a provider: its baseUrlEnv variable when set and non-empty in `env`
 * (the app passes its validated env), else defaultBaseUrl.
 */
export function providerBaseUrl(provider: ProviderInfo, env: Readonly<Record<string, string | undefined>> = {}): string {
  const override = provider.baseUrlEnv ? env[provider.baseUrlEnv] : undefined;
  return override && override.length > 0 ? override : provider.defaultBaseUrl;
}

/** The shipped catalog, built and validated once at import; lookups are Map reads. */
export const defaultCatalog: Catalog = createCatalog();

export const listModels = (): readonly CatalogModel[] => defaultCatalog.listModels();
export const listProviders = (): readonly ProviderInfo[] => defaultCatalog.listProviders();
export const getProvider = (id: string): ProviderInfo | undefined => defaultCatalog.getProvider(id);
export const getModel = (idOrAlias: string): CatalogModel | undefined => defaultCatalog.getModel(idOrAlias);
export const resolveModelName = (name: string): CatalogModel | undefined => defaultCatalog.resolveModelName(name);
