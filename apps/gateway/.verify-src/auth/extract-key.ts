import type { IncomingHttpHeaders } from "node:http";

/** The OpenAI SDK sends `Authorization: Bearer`; Azure-style clients send `api-key`, Anthropic-style `x-api-key`. */
export function extractApiKey(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (auth) {
    const space = auth.indexOf(" ");
    if (space > 0 && auth.slice(0, space).toLowerCase() === "bearer") {
      const token = auth.slice(space + 1).trim();
      return token || null;
    }
    return null;
  }
  const apiKey = headers["api-key"] ?? headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.trim()) return apiKey.trim();
  return null;
}
