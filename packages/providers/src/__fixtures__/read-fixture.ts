// Test-only helpers that load recorded payloads and rebuild each provider's real SSE framing.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StreamDecoder, StreamEvent } from "@switchboard/spec";
import { parse } from "yaml";
import { z } from "zod";

const ROOT = dirname(fileURLToPath(import.meta.url));
export type FixtureProvider = "anthropic" | "gemini" | "openai-compatible";

export function readFixtureText(provider: FixtureProvider, name: string): string {
  return readFileSync(join(ROOT, provider, name), "utf8");
}

export function readFixtureJson(provider: FixtureProvider, name: string): unknown {
  return JSON.parse(readFixtureText(provider, name)) as unknown;
}

/** `*.chunks.txt` → the wire format the provider really sends (see the fixtures README). */
export function chunksToSse(provider: FixtureProvider, name: string): string {
  const lines = readFixtureText(provider, name).split("\n").filter((l) => l.trim() !== "");
  if (provider === "anthropic") {
    return lines.map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`).join("");
  }
  if (provider === "gemini") return lines.map((l) => `data: ${l}\r\n\r\n`).join("");
  return lines.map((l) => `data: ${l}\n\n`).join("") + "data: [DONE]\n\n";
}

const CassetteSchema = z.object({
  interactions: z.array(
    z.object({
      request: z.object({ uri: z.string(), parsed_body: z.unknown().optional() }).loose(),
      response: z
        .object({
          status: z.object({ code: z.number() }),
          headers: z.record(z.string(), z.array(z.string())).optional(),
          parsed_body: z.unknown().optional(),
          body: z.object({ string: z.string() }).optional(),
        })
        .loose(),
    }),
  ),
});
export type Cassette = z.infer<typeof CassetteSchema>;

export function readCassette(provider: FixtureProvider, name: string): Cassette {
  return CassetteSchema.parse(parse(readFixtureText(provider, name)));
}

/** Feeds `body` to a fresh decoder in pieces of the given sizes (cycled), then ends it. */
export function decodeInPieces(decoder: StreamDecoder, body: string, sizes: number[] | "random", seed = 1): StreamEvent[] {
  const bytes = new TextEncoder().encode(body);
  const out: StreamEvent[] = [];
  let s = seed;
  for (let i = 0, k = 0; i < bytes.length; k++) {
    let size: number;
    if (sizes === "random") {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      size = 1 + (s % 40);
    } else size = sizes[k % sizes.length] ?? 1;
    out.push(...decoder.push(bytes.subarray(i, i + size)));
    i += size;
  }
  out.push(...decoder.end());
  return out;
}

/** Folds canonical stream events into the message a client would assemble. */
export function assemble(events: StreamEvent[]): {
  content: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | null;
  usage: unknown;
  done: boolean;
  errors: string[];
  malformed: number;
} {
  let content = "";
  let reasoning = "";
  const tools: Array<{ id: string; name: string; arguments: string }> = [];
  let finishReason: string | null = null;
  let usage: unknown;
  let done = false;
  const errors: string[] = [];
  let malformed = 0;
  for (const e of events) {
    if (e.type === "chunk") {
      for (const c of e.chunk.choices) {
        content += c.delta.content ?? "";
        reasoning += c.delta.reasoning_content ?? "";
        for (const t of c.delta.tool_calls ?? []) {
          const slot = (tools[t.index] ??= { id: "", name: "", arguments: "" });
          if (t.id) slot.id = t.id;
          if (t.function?.name) slot.name += t.function.name;
          slot.arguments += t.function?.arguments ?? "";
        }
        if (c.finish_reason) finishReason = c.finish_reason;
      }
    } else if (e.type === "usage") usage = e.usage;
    else if (e.type === "done") done = true;
    else if (e.type === "error") errors.push(`${e.error.status} ${e.error.message}`);
    else malformed++;
  }
  return { content, reasoning, toolCalls: tools, finishReason, usage, done, errors, malformed };
}
