export {
  catalogModelSchema,
  priceSchema,
  capabilitiesSchema,
  providerSchema,
  wireKindSchema,
} from "./schema.js";
export type {
  CatalogModel,
  CatalogModelInput,
  ModelCapabilities,
  ModelPrice,
  ProviderInfo,
  WireKind,
} from "./schema.js";
export {
  createCatalog,
  defaultCatalog,
  listModels,
  listProviders,
  getProvider,
  getModel,
  resolveModelName,
  providerBaseUrl,
  CatalogValidationError,
} from "./catalog.js";
export type { Catalog, CreateCatalogOptions } from "./catalog.js";
export { priceAt } from "./prices.js";
export { computeCost, worstCaseCostPicoUsd, CostError } from "./cost.js";
export type { Usage, Cost, CostBreakdown } from "./cost.js";
export { picoUsdToCentsRoundHalfUp, formatUsd, sumPicoUsd, PICO_USD_PER_USD, PICO_USD_PER_CENT } from "./money.js";
