import type { ProviderInfo } from "../schema.js";

/**
 * Upstream providers. The catalog never reads process.env (env is validated once per app):
 * apiKeyEnv / baseUrlEnv name the variables the app's config should read.
 * The three mock providers are one server on one port speaking three wire formats.
 */
export const providerData: ProviderInfo[] = [
  { id: "openai", name: "OpenAI", kind: "openai-compatible", defaultBaseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" },
  { id: "anthropic", name: "Anthropic", kind: "anthropic", defaultBaseUrl: "https://api.anthropic.com", apiKeyEnv: "ANTHROPIC_API_KEY" },
  { id: "google", name: "Google Gemini", kind: "gemini", defaultBaseUrl: "https://generativelanguage.googleapis.com", apiKeyEnv: "GEMINI_API_KEY" },
  { id: "deepseek", name: "DeepSeek", kind: "openai-compatible", defaultBaseUrl: "https://api.deepseek.com/v1", apiKeyEnv: "DEEPSEEK_API_KEY" },
  { id: "mistral", name: "Mistral AI", kind: "openai-compatible", defaultBaseUrl: "https://api.mistral.ai/v1", apiKeyEnv: "MISTRAL_API_KEY" },
  { id: "xai", name: "xAI", kind: "openai-compatible", defaultBaseUrl: "https://api.x.ai/v1", apiKeyEnv: "XAI_API_KEY" },
  { id: "groq", name: "Groq", kind: "openai-compatible", defaultBaseUrl: "https://api.groq.com/openai/v1", apiKeyEnv: "GROQ_API_KEY" },
  { id: "together", name: "Together AI", kind: "openai-compatible", defaultBaseUrl: "https://api.together.xyz/v1", apiKeyEnv: "TOGETHER_API_KEY" },
  {
    id: "mock",
    name: "Mock (OpenAI wire format)",
    kind: "openai-compatible",
    defaultBaseUrl: "http://127.0.0.1:4010/v1",
    apiKeyEnv: "MOCK_API_KEY",
    baseUrlEnv: "MOCK_OPENAI_BASE_URL",
    simulated: true,
  },
  {
    id: "mock-anthropic",
    name: "Mock (Anthropic wire format)",
    kind: "anthropic",
    defaultBaseUrl: "http://127.0.0.1:4010",
    apiKeyEnv: "MOCK_API_KEY",
    baseUrlEnv: "MOCK_ANTHROPIC_BASE_URL",
    simulated: true,
  },
  {
    id: "mock-gemini",
    name: "Mock (Gemini wire format)",
    kind: "gemini",
    defaultBaseUrl: "http://127.0.0.1:4010",
    apiKeyEnv: "MOCK_API_KEY",
    baseUrlEnv: "MOCK_GEMINI_BASE_URL",
    simulated: true,
  },
];
