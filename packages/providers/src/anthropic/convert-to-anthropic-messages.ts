import { ProviderError, type ChatCompletionRequest, type ChatMessage, type UserContentPart } from "@switchboard/spec";

type CacheControl = { cache_control?: unknown };
export type AnthropicTextBlock = { type: "text"; text: string } & CacheControl;
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | ({ type: "image"; source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string } } & CacheControl)
  | ({ type: "document"; source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string } } & CacheControl)
  | ({ type: "tool_use"; id: string; name: string; input: unknown } & CacheControl)
  | ({ type: "tool_result"; tool_use_id: string; content: string | AnthropicTextBlock[] } & CacheControl);

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicContentBlock[];
}

function invalid(message: string, param: string): ProviderError {
  return new ProviderError({ message, status: 400, param, code: "unsupported_content", kind: "invalid_request", provider: "anthropic" });
}

/** Clients mark prompt-cache breakpoints Anthropic-style on parts; keep them. */
function withCache<T extends object>(block: T, source: object): T & CacheControl {
  return "cache_control" in source ? { ...block, cache_control: source.cache_control } : block;
}

/** `data:image/png;base64,....` → media type + payload, without copying the payload through a regex. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith("data:")) return undefined;
  const comma = url.indexOf(",");
  if (comma === -1) return undefined;
  const meta = url.slice(5, comma);
  if (!meta.endsWith(";base64")) return undefined;
  return { mediaType: meta.slice(0, -";base64".length), data: url.slice(comma + 1) };
}

function textBlocks(content: string | ReadonlyArray<{ type: string; text?: string; refusal?: string }>): AnthropicTextBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  const out: AnthropicTextBlock[] = [];
  for (const p of content) {
    const text = p.type === "text" ? p.text : p.type === "refusal" ? p.refusal : undefined;
    if (text) out.push(withCache({ type: "text", text }, p));
  }
  return out;
}

function userPart(part: UserContentPart, param: string): AnthropicContentBlock {
  switch (part.type) {
    case "text":
      return withCache({ type: "text", text: part.text }, part);
    case "image_url": {
      const url = part.image_url.url;
      const data = parseDataUrl(url);
      const source = data
        ? { type: "base64" as const, media_type: data.mediaType, data: data.data }
        : { type: "url" as const, url };
      return withCache({ type: "image", source }, part);
    }
    case "file": {
      const data = part.file.file_data ? parseDataUrl(part.file.file_data) : undefined;
      if (!data) throw invalid("Anthropic accepts files only as base64 data URLs (file_data).", `${param}.file`);
      return withCache({ type: "document", source: { type: "base64", media_type: data.mediaType, data: data.data } }, part);
    }
    case "input_audio":
      throw invalid("Anthropic models do not accept audio input.", `${param}.input_audio`);
  }
}

function parseArguments(args: string, param: string): unknown {
  if (args.trim() === "") return {};
  try {
    return JSON.parse(args) as unknown;
  } catch {
    throw invalid("Tool call arguments must be valid JSON to be sent to Anthropic.", param);
  }
}

function push(out: AnthropicMessage[], role: "user" | "assistant", blocks: AnthropicContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  // Anthropic wants alternating turns: tool results and a following user message share one user turn.
  if (last && last.role === role) last.content.push(...blocks);
  else out.push({ role, content: blocks });
}

/**
 * OpenAI chat messages → Anthropic `system` + alternating `messages`:
 * system/developer (anywhere) → system blocks; assistant tool_calls → tool_use blocks;
 * tool messages → tool_result blocks merged into the next user turn.
 */
export function convertToAnthropicMessages(messages: ChatCompletionRequest["messages"]): {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
} {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessage[] = [];
  messages.forEach((m: ChatMessage, i) => {
    const param = `messages[${i}]`;
    switch (m.role) {
      case "system":
      case "developer":
        system.push(...textBlocks(m.content));
        return;
      case "user":
        push(out, "user", typeof m.content === "string" ? textBlocks(m.content) : m.content.map((p, j) => userPart(p, `${param}.content[${j}]`)));
        return;
      case "assistant": {
        const blocks: AnthropicContentBlock[] = m.content ? textBlocks(m.content) : [];
        (m.tool_calls ?? []).forEach((c, j) => {
          blocks.push({ type: "tool_use", id: c.id, name: c.function.name, input: parseArguments(c.function.arguments, `${param}.tool_calls[${j}].function.arguments`) });
        });
        push(out, "assistant", blocks);
        return;
      }
      case "tool": {
        const content = typeof m.content === "string" ? m.content : textBlocks(m.content);
        push(out, "user", [{ type: "tool_result", tool_use_id: m.tool_call_id, content }]);
        return;
      }
      case "function":
        // Legacy function results carry no call id to pair with a tool_use; keep their text.
        push(out, "user", textBlocks(`${m.name}: ${m.content ?? ""}`));
        return;
    }
  });
  return { system, messages: out };
}
