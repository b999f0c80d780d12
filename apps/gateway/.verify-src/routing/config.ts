import { createCatalog } from "@switchboard/catalog";
import { loadConfigFile, watchConfigFile, type LoadedConfig } from "@switchboard/config";
import { configSchema } from "@switchboard/config";

/** No SWITCHBOARD_CONFIG: the shipped catalog, no extra providers or routes, built-in defaults. */
export function loadRoutingConfig(file: string | undefined): LoadedConfig {
  if (file) return loadConfigFile(file);
  return { config: configSchema.parse({}), catalog: createCatalog([]) };
}

export function watchRoutingConfig(file: string | undefined, onChange: (c: LoadedConfig) => void, onError: (e: unknown) => void): () => void {
  return file ? watchConfigFile(file, onChange, onError) : () => {};
}
