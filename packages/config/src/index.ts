export { configSchema, routeSchema, providerSchema, type SwitchboardConfig, type RouteConfig, type ProviderConfig, type TimeoutsConfig, type RetryConfig, type CircuitBreakerConfig } from "./schema.js";
export { parseConfig, loadConfigFile, watchConfigFile, ConfigError, type LoadedConfig } from "./load.js";
