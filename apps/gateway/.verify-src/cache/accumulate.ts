import type { ChatCompletion, ChatCompletionChunk, Usage } from "@switchboard/spec";

interface ToolAcc {
  id: string;
  name: string;
  args: string;
}

/** Rebuilds the full completion a stream carried, so a streamed answer can be cached and replayed. */
export class ChunkAccumulator {
  private content = "";
  private reasoning = "";
  private readonly tools = new Map<number, ToolAcc>();
  private finish: string | null = null;

  push(chunk: ChatCompletionChunk): void {
    const c = chunk.choices[0];
    if (!c) return;
    const d = c.delta as { content?: string | null; reasoning_content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
    if (d.content) this.content += d.content;
    if (d.reasoning_content) this.reasoning += d.reasoning_content;
    for (const t of d.tool_calls ?? []) {
      const acc = this.tools.get(t.index) ?? { id: "", name: "", args: "" };
      if (t.id) acc.id = t.id;
      if (t.function?.name) acc.name += t.function.name;
      if (t.function?.arguments) acc.args += t.function.arguments;
      this.tools.set(t.index, acc);
    }
    if (c.finish_reason) this.finish = c.finish_reason;
  }

  build(meta: { id: string; created: number; model: string }, usage: Usage): ChatCompletion {
    const tool_calls = [...this.tools.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => ({ id: t.id, type: "function" as const, function: { name: t.name, arguments: t.args } }));
    const message: Record<string, unknown> = { role: "assistant", content: this.content || null, refusal: null };
    if (tool_calls.length) message.tool_calls = tool_calls;
    if (this.reasoning) message.reasoning_content = this.reasoning;
    return { id: meta.id, object: "chat.completion", created: meta.created, model: meta.model, choices: [{ index: 0, message, finish_reason: this.finish ?? "stop", logprobs: null }], usage } as unknown as ChatCompletion;
  }
}

/** Replays a cached completion as the chunks a live stream would have sent. */
export function completionToChunks(c: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: c.id, object: "chat.completion.chunk" as const, created: c.created, model: c.model };
  const out: ChatCompletionChunk[] = [];
  for (const choice of c.choices) {
    const m = choice.message as { content?: string | null; reasoning_content?: string; tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }> };
    out.push({ ...base, choices: [{ index: choice.index, delta: { role: "assistant", content: "" }, finish_reason: null }] } as unknown as ChatCompletionChunk);
    if (m.reasoning_content) out.push({ ...base, choices: [{ index: choice.index, delta: { reasoning_content: m.reasoning_content }, finish_reason: null }] } as unknown as ChatCompletionChunk);
    if (m.content) out.push({ ...base, choices: [{ index: choice.index, delta: { content: m.content }, finish_reason: null }] } as unknown as ChatCompletionChunk);
    m.tool_calls?.forEach((t, i) => out.push({ ...base, choices: [{ index: choice.index, delta: { tool_calls: [{ index: i, id: t.id, type: "function", function: { name: t.function.name, arguments: t.function.arguments } }] }, finish_reason: null }] } as unknown as ChatCompletionChunk));
    out.push({ ...base, choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason }] } as unknown as ChatCompletionChunk);
  }
  return out;
}
