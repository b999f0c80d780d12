import { ProviderError, type ChatCompletionRequest, type UserContentPart } from "@switchboard/spec";
import { SKIP_THOUGHT_SIGNATURE, thoughtSignatureFromToolCallId } from "./gemini-tool-call-id.js";

export type GeminiRequestPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { fileUri: string; mimeType?: string } }
  | { functionCall: { name: string; args: unknown }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: unknown } };

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiRequestPart[];
}

const MIME_BY_EXT: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  pdf: "application/pdf",
  mp3: "audio/mp3",
  wav: "audio/wav",
  mp4: "video/mp4",
};

function guessMime(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const dot = path.lastIndexOf(".");
  return dot === -1 ? undefined : MIME_BY_EXT[path.slice(dot + 1).toLowerCase()];
}

function dataUrl(url: string): { mimeType: string; data: string } | undefined {
  if (!url.startsWith("data:")) return undefined;
  const comma = url.indexOf(",");
  const meta = comma === -1 ? "" : url.slice(5, comma);
  if (!meta.endsWith(";base64")) return undefined;
  return { mimeType: meta.slice(0, -";base64".length), data: url.slice(comma + 1) };
}

function textOf(content: string | ReadonlyArray<{ type: string; text?: string; refusal?: string }>): string {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? p.text : p.type === "refusal" ? p.refusal : "") ?? "").join("");
}

function userPart(p: UserContentPart, param: string): GeminiRequestPart {
  switch (p.type) {
    case "text":
      return { text: p.text };
    case "image_url": {
      const inline = dataUrl(p.image_url.url);
      if (inline) return { inlineData: inline };
      const mimeType = guessMime(p.image_url.url);
      return { fileData: mimeType ? { fileUri: p.image_url.url, mimeType } : { fileUri: p.image_url.url } };
    }
    case "input_audio":
      return { inlineData: { mimeType: `audio/${p.input_audio.format}`, data: p.input_audio.data } };
    case "file": {
      const inline = p.file.file_data ? dataUrl(p.file.file_data) : undefined;
      if (inline) return { inlineData: inline };
      throw new ProviderError({ message: "Gemini accepts files only as base64 data URLs (file_data).", status: 400, param: `${param}.file`, code: "unsupported_content", provider: "gemini" });
    }
  }
}

/** Gemini's functionResponse.response must be a JSON object; other tool output is wrapped. */
function toolResponse(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v;
  } catch {
    // Plain-text tool output.
  }
  return { result: text };
}

function push(out: GeminiContent[], role: "user" | "model", parts: GeminiRequestPart[]): void {
  if (parts.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role) last.parts.push(...parts);
  else out.push({ role, parts });
}

/** OpenAI messages → Gemini `systemInstruction` + `contents` (assistant → model, tool → functionResponse). */
export function convertToGeminiContents(
  messages: ChatCompletionRequest["messages"],
  // Gemini 3+ insists on a signature on the first replayed call of a turn; 2.5 has no such rule.
  requireThoughtSignatures = false,
): {
  systemInstruction?: { parts: Array<{ text: string }> };
  contents: GeminiContent[];
} {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  // functionResponse is matched by name, which OpenAI tool messages do not carry.
  const nameById = new Map<string, string>();
  messages.forEach((m, i) => {
    switch (m.role) {
      case "system":
      case "developer": {
        const text = textOf(m.content);
        if (text) system.push({ text });
        return;
      }
      case "user":
        push(contents, "user", typeof m.content === "string" ? [{ text: m.content }] : m.content.map((p, j) => userPart(p, `messages[${i}].content[${j}]`)));
        return;
      case "assistant": {
        const parts: GeminiRequestPart[] = [];
        const text = m.content ? textOf(m.content) : "";
        if (text) parts.push({ text });
        (m.tool_calls ?? []).forEach((c, j) => {
          nameById.set(c.id, c.function.name);
          let args: unknown = {};
          try {
            args = c.function.arguments.trim() === "" ? {} : (JSON.parse(c.function.arguments) as unknown);
          } catch {
            throw new ProviderError({ message: "Tool call arguments must be valid JSON to be sent to Gemini.", status: 400, param: `messages[${i}].tool_calls[${j}].function.arguments`, provider: "gemini" });
          }
          const signature = thoughtSignatureFromToolCallId(c.id) ?? (j === 0 && requireThoughtSignatures ? SKIP_THOUGHT_SIGNATURE : undefined);
          parts.push(signature ? { functionCall: { name: c.function.name, args }, thoughtSignature: signature } : { functionCall: { name: c.function.name, args } });
        });
        push(contents, "model", parts);
        return;
      }
      case "tool":
        push(contents, "user", [{ functionResponse: { name: nameById.get(m.tool_call_id) ?? m.tool_call_id, response: toolResponse(textOf(m.content)) } }]);
        return;
      case "function":
        push(contents, "user", [{ functionResponse: { name: m.name, response: toolResponse(m.content ?? "") } }]);
        return;
    }
  });
  return system.length > 0 ? { systemInstruction: { parts: system }, contents } : { contents };
}
