import { anthropicModels } from "./data/anthropic.js";
import { deepseekModels } from "./data/deepseek.js";
import { googleModels } from "./data/google.js";
import { groqModels } from "./data/groq.js";
import { mistralModels } from "./data/mistral.js";
import { mockModels } from "./data/mock.js";
import { openaiModels } from "./data/openai.js";
import { providerData } from "./data/providers.js";
import { togetherModels } from "./data/together.js";
import { xaiModels } from "./data/xai.js";
import type { CatalogModelInput, ProviderInfo } from "./schema.js";

/** The shipped registry, in display order. Adding a provider = one data file + one line here. */
export const builtinModels: readonly CatalogModelInput[] = [
  ...openaiModels,
  ...anthropicModels,
  ...googleModels,
  ...deepseekModels,
  ...mistralModels,
  ...xaiModels,
  ...groqModels,
  ...togetherModels,
  ...mockModels,
];

export const builtinProviders: readonly ProviderInfo[] = providerData;
