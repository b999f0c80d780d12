import type { ChatCompletion } from "../chat/chat-response.js";
import type { Usage } from "../chat/usage.js";
import type { ResponseObject, ResponseOutputItem, ResponseUsage } from "./response-object.js";
import type { ResponsesRequest } from "./responses-request.js";

export function chatUsageToResponseUsage(usage: Usage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0, cache_write_tokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}

/** The request fields a Response object echoes back. */
export function responseEcho(req: ResponsesRequest): Partial<ResponseObject> {
  return {
    instructions: req.instructions ?? null,
    metadata: req.metadata ?? {},
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    temperature: req.temperature ?? null,
    top_p: req.top_p ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    tool_choice: req.tool_choice ?? "auto",
    tools: req.tools ?? [],
    text: req.text ?? { format: { type: "text" } },
    reasoning: req.reasoning ?? null,
    store: req.store ?? false,
  };
}

function suffix(id: string): string {
  return id.replace(/^(chatcmpl|resp)[-_]/, "");
}

/** Builds the Responses API object from a canonical chat completion (first choice only: Responses has no `n`). */
export function chatToResponse(chat: ChatCompletion, req: ResponsesRequest, responseId = `resp_${suffix(chat.id)}`): ResponseObject {
  const output: ResponseOutputItem[] = [];
  const choice = chat.choices[0];
  const base = suffix(chat.id);
  if (choice) {
    const m = choice.message;
    if (m.reasoning_content) {
      output.push({ type: "reasoning", id: `rs_${base}`, summary: [{ type: "summary_text", text: m.reasoning_content }] });
    }
    if (m.content || m.refusal) {
      output.push({
        type: "message",
        id: `msg_${base}`,
        status: "completed",
        role: "assistant",
        content: m.refusal
          ? [{ type: "refusal", refusal: m.refusal }]
          : [{ type: "output_text", text: m.content ?? "", annotations: [], logprobs: [] }],
      });
    }
    for (const call of m.tool_calls ?? []) {
      output.push({
        type: "function_call",
        id: `fc_${call.id}`,
        call_id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
        status: "completed",
      });
    }
  }
  const truncated = choice?.finish_reason === "length" || choice?.finish_reason === "content_filter";
  return {
    id: responseId,
    object: "response",
    created_at: chat.created,
    status: truncated ? "incomplete" : "completed",
    model: chat.model,
    output,
    usage: chat.usage ? chatUsageToResponseUsage(chat.usage) : null,
    error: null,
    incomplete_details: truncated
      ? { reason: choice?.finish_reason === "length" ? "max_output_tokens" : "content_filter" }
      : null,
    ...responseEcho(req),
  };
}
