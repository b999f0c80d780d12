import type { ModelCapabilities } from "../schema.js";

/** Capabilities default to false so a data entry states only what the model can do. */
export function caps(c: Partial<ModelCapabilities>): ModelCapabilities {
  return {
    tools: false,
    parallelTools: false,
    vision: false,
    jsonSchema: false,
    reasoning: false,
    embeddings: false,
    ...c,
  };
}

/** Typical frontier chat model: tools (parallel), images in, structured output. */
export const CHAT_FULL = caps({ tools: true, parallelTools: true, vision: true, jsonSchema: true });
export const CHAT_REASONING = caps({ tools: true, parallelTools: true, vision: true, jsonSchema: true, reasoning: true });
export const EMBEDDING = caps({ embeddings: true });
