import type { ChatCompletionChunk } from "../chat/chat-chunk.js";
import type { FinishReason } from "../chat/chat-response.js";
import type { Usage } from "../chat/usage.js";
import { chatUsageToResponseUsage, responseEcho } from "./chat-to-response.js";
import type { ResponseObject, ResponseOutputItem } from "./response-object.js";
import type { ResponseStreamEvent } from "./response-stream-events.js";
import type { ResponsesRequest } from "./responses-request.js";

export interface ResponsesStreamIds {
  responseId: string;
  createdAt: number;
  /** Model reported to the client; defaults to the request's model. */
  model?: string;
}

export interface ResponsesStreamEncoder {
  /** `response.created` + `response.in_progress`. */
  start(): ResponseStreamEvent[];
  /** One canonical chunk in; zero or more Responses events out. Reads `chunk.usage` too. */
  push(chunk: ChatCompletionChunk): ResponseStreamEvent[];
  setUsage(usage: Usage): void;
  /** Closes every open item, then `response.completed` (or `response.incomplete` on length/content_filter). */
  finish(): ResponseStreamEvent[];
  /** Upstream failed mid-stream: `response.failed` carrying the error. */
  fail(error: { code: string; message: string }): ResponseStreamEvent[];
}

type OpenItem =
  | { kind: "reasoning"; id: string; text: string; open: boolean }
  | { kind: "message"; id: string; text: string; open: boolean }
  | { kind: "function_call"; id: string; callId: string; name: string; args: string; open: boolean };

type Emitted = ResponseStreamEvent extends infer E ? (E extends { sequence_number: number } ? Omit<E, "sequence_number"> : never) : never;

function toOutputItem(item: OpenItem, status: "in_progress" | "completed"): ResponseOutputItem {
  switch (item.kind) {
    case "reasoning":
      return { type: "reasoning", id: item.id, summary: status === "completed" ? [{ type: "summary_text", text: item.text }] : [] };
    case "message":
      return {
        type: "message",
        id: item.id,
        status,
        role: "assistant",
        content: status === "completed" ? [{ type: "output_text", text: item.text, annotations: [], logprobs: [] }] : [],
      };
    case "function_call":
      return { type: "function_call", id: item.id, call_id: item.callId, name: item.name, arguments: status === "completed" ? item.args : "", status };
  }
}

/**
 * Stateful translation of canonical chat chunks into the Responses API event stream, in the
 * order OpenAI emits it: created, in_progress, then per item added → part added → deltas →
 * done events, and finally completed.
 */
export function createResponsesStreamEncoder(req: ResponsesRequest, ids: ResponsesStreamIds): ResponsesStreamEncoder {
  let seq = 0;
  const items: OpenItem[] = [];
  const toolIndex = new Map<number, number>();
  let reasoningAt = -1;
  let messageAt = -1;
  let usage: Usage | undefined;
  let finish: FinishReason | null | undefined;
  const base = ids.responseId.replace(/^resp_/, "");

  const stamp = (events: Emitted[]): ResponseStreamEvent[] =>
    events.map((e) => ({ ...e, sequence_number: seq++ }) as ResponseStreamEvent);

  const snapshot = (status: ResponseObject["status"], error: ResponseObject["error"] = null): ResponseObject => ({
    id: ids.responseId,
    object: "response",
    created_at: ids.createdAt,
    status,
    model: ids.model ?? req.model,
    output: status === "in_progress" ? [] : items.map((i) => toOutputItem(i, "completed")),
    usage: usage ? chatUsageToResponseUsage(usage) : null,
    error,
    incomplete_details: status === "incomplete" ? { reason: finish === "length" ? "max_output_tokens" : "content_filter" } : null,
    ...responseEcho(req),
  });

  const close = (at: number, out: Emitted[]): void => {
    const item = items[at];
    if (!item || !item.open) return;
    item.open = false;
    if (item.kind === "reasoning") {
      const part = { type: "summary_text" as const, text: item.text };
      out.push({ type: "response.reasoning_summary_text.done", item_id: item.id, output_index: at, summary_index: 0, text: item.text });
      out.push({ type: "response.reasoning_summary_part.done", item_id: item.id, output_index: at, summary_index: 0, part });
    } else if (item.kind === "message") {
      const part = { type: "output_text" as const, text: item.text, annotations: [], logprobs: [] };
      out.push({ type: "response.output_text.done", item_id: item.id, output_index: at, content_index: 0, text: item.text, logprobs: [] });
      out.push({ type: "response.content_part.done", item_id: item.id, output_index: at, content_index: 0, part });
    } else {
      out.push({ type: "response.function_call_arguments.done", item_id: item.id, output_index: at, arguments: item.args, name: item.name });
    }
    out.push({ type: "response.output_item.done", output_index: at, item: toOutputItem(item, "completed") });
  };

  // Reasoning and text are sequential in every upstream we translate; a new item closes them.
  const closeSequential = (out: Emitted[]): void => {
    if (reasoningAt >= 0) close(reasoningAt, out);
    if (messageAt >= 0) close(messageAt, out);
  };

  const open = (item: OpenItem, out: Emitted[]): number => {
    closeSequential(out);
    items.push(item);
    const at = items.length - 1;
    out.push({ type: "response.output_item.added", output_index: at, item: toOutputItem(item, "in_progress") });
    return at;
  };

  return {
    start: () => stamp([
      { type: "response.created", response: snapshot("in_progress") },
      { type: "response.in_progress", response: snapshot("in_progress") },
    ]),

    push(chunk) {
      const out: Emitted[] = [];
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices.find((c) => c.index === 0);
      if (!choice) return stamp(out);
      const d = choice.delta;
      if (d.reasoning_content) {
        if (reasoningAt < 0 || !items[reasoningAt]?.open) {
          reasoningAt = open({ kind: "reasoning", id: `rs_${base}_${items.length}`, text: "", open: true }, out);
          out.push({ type: "response.reasoning_summary_part.added", item_id: `rs_${base}_${reasoningAt}`, output_index: reasoningAt, summary_index: 0, part: { type: "summary_text", text: "" } });
        }
        const item = items[reasoningAt] as OpenItem & { kind: "reasoning" };
        item.text += d.reasoning_content;
        out.push({ type: "response.reasoning_summary_text.delta", item_id: item.id, output_index: reasoningAt, summary_index: 0, delta: d.reasoning_content });
      }
      if (d.content) {
        if (messageAt < 0 || !items[messageAt]?.open) {
          messageAt = open({ kind: "message", id: `msg_${base}_${items.length}`, text: "", open: true }, out);
          out.push({ type: "response.content_part.added", item_id: `msg_${base}_${messageAt}`, output_index: messageAt, content_index: 0, part: { type: "output_text", text: "", annotations: [], logprobs: [] } });
        }
        const item = items[messageAt] as OpenItem & { kind: "message" };
        item.text += d.content;
        out.push({ type: "response.output_text.delta", item_id: item.id, output_index: messageAt, content_index: 0, delta: d.content, logprobs: [] });
      }
      for (const tc of d.tool_calls ?? []) {
        let at = toolIndex.get(tc.index);
        if (at === undefined) {
          const callId = tc.id ?? `call_${base}_${tc.index}`;
          at = open({ kind: "function_call", id: `fc_${callId}`, callId, name: tc.function?.name ?? "", args: "", open: true }, out);
          toolIndex.set(tc.index, at);
        }
        const item = items[at] as OpenItem & { kind: "function_call" };
        const delta = tc.function?.arguments;
        if (delta) {
          item.args += delta;
          out.push({ type: "response.function_call_arguments.delta", item_id: item.id, output_index: at, delta });
        }
      }
      if (choice.finish_reason) finish = choice.finish_reason;
      return stamp(out);
    },

    setUsage(u) {
      usage = u;
    },

    finish() {
      const out: Emitted[] = [];
      for (let i = 0; i < items.length; i++) close(i, out);
      const incomplete = finish === "length" || finish === "content_filter";
      out.push(incomplete
        ? { type: "response.incomplete", response: snapshot("incomplete") }
        : { type: "response.completed", response: snapshot("completed") });
      return stamp(out);
    },

    fail(error) {
      return stamp([{ type: "response.failed", response: snapshot("failed", error) }]);
    },
  };
}
