// Test-only: one canonical scenario rendered in each provider's real wire format (shapes copied
// from the recorded fixtures), so the conformance suite can assert every adapter lands on the
// same canonical result.

export interface ScenarioSpec {
  text?: string;
  reasoning?: string;
  toolCalls?: Array<{ id: string; name: string; args: Record<string, unknown> }>;
  finish: "stop" | "tool_calls";
  usage: { prompt: number; cached: number; completion: number; reasoning: number };
}

export type Wire = "openai-compatible" | "anthropic" | "gemini";

export const SCENARIOS = {
  text: { text: "Hello there, friend.", finish: "stop", usage: { prompt: 12, cached: 0, completion: 5, reasoning: 0 } },
  tool: { toolCalls: [{ id: "call_a", name: "weather", args: { city: "Paris" } }], finish: "tool_calls", usage: { prompt: 40, cached: 0, completion: 9, reasoning: 0 } },
  parallel: {
    text: "Checking both.",
    toolCalls: [
      { id: "call_a", name: "weather", args: { city: "Paris" } },
      { id: "call_b", name: "weather", args: { city: "Rome" } },
    ],
    finish: "tool_calls",
    usage: { prompt: 44, cached: 0, completion: 20, reasoning: 0 },
  },
  structured: { text: '{"answer":42,"unit":"none"}', finish: "stop", usage: { prompt: 30, cached: 0, completion: 8, reasoning: 0 } },
  usage: { reasoning: "Let me think.", text: "Done.", finish: "stop", usage: { prompt: 100, cached: 40, completion: 30, reasoning: 10 } },
} satisfies Record<string, ScenarioSpec>;
export type ScenarioName = keyof typeof SCENARIOS;

function pieces(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter((p) => p !== "");
}

// ---- OpenAI Chat Completions -------------------------------------------------------------
function openaiUsage(s: ScenarioSpec): Record<string, unknown> {
  return {
    prompt_tokens: s.usage.prompt,
    completion_tokens: s.usage.completion,
    total_tokens: s.usage.prompt + s.usage.completion,
    prompt_tokens_details: { cached_tokens: s.usage.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: s.usage.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function openaiJson(s: ScenarioSpec): unknown {
  return {
    id: "chatcmpl-conf",
    object: "chat.completion",
    created: 1770933892,
    model: "gpt-test",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: s.text ?? null,
          refusal: null,
          ...(s.reasoning ? { reasoning_content: s.reasoning } : {}),
          ...(s.toolCalls ? { tool_calls: s.toolCalls.map((t) => ({ id: t.id, type: "function", function: { name: t.name, arguments: JSON.stringify(t.args) } })) } : {}),
        },
        logprobs: null,
        finish_reason: s.finish,
      },
    ],
    usage: openaiUsage(s),
    system_fingerprint: "fp_conf",
  };
}

export function openaiSse(s: ScenarioSpec): string[] {
  const chunk = (delta: unknown, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: "chatcmpl-conf", object: "chat.completion.chunk", created: 1770933892, model: "gpt-test", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`;
  const out = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const p of pieces(s.reasoning ?? "")) out.push(chunk({ reasoning_content: p }));
  for (const p of pieces(s.text ?? "")) out.push(chunk({ content: p }));
  (s.toolCalls ?? []).forEach((t, index) => {
    out.push(chunk({ tool_calls: [{ index, id: t.id, type: "function", function: { name: t.name, arguments: "" } }] }));
    for (const p of pieces(JSON.stringify(t.args))) out.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  out.push(chunk({}, s.finish));
  out.push(`data: ${JSON.stringify({ id: "chatcmpl-conf", object: "chat.completion.chunk", created: 1770933892, model: "gpt-test", choices: [], usage: openaiUsage(s) })}\n\n`);
  out.push("data: [DONE]\n\n");
  return out;
}

// ---- Anthropic Messages --------------------------------------------------------------------
function anthropicUsage(s: ScenarioSpec): Record<string, unknown> {
  return {
    input_tokens: s.usage.prompt - s.usage.cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: s.usage.cached,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: s.usage.completion,
    service_tier: "standard",
  };
}

export function anthropicJson(s: ScenarioSpec): unknown {
  const content: unknown[] = [];
  if (s.reasoning) content.push({ type: "thinking", thinking: s.reasoning, signature: "sig" });
  if (s.text) content.push({ type: "text", text: s.text });
  for (const t of s.toolCalls ?? []) content.push({ type: "tool_use", id: t.id, name: t.name, input: t.args });
  return {
    model: "claude-test",
    id: "msg_conf",
    type: "message",
    role: "assistant",
    content,
    stop_reason: s.finish === "tool_calls" ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: anthropicUsage(s),
  };
}

export function anthropicSse(s: ScenarioSpec): string[] {
  const ev = (data: { type: string } & Record<string, unknown>): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
  const out = [ev({ type: "message_start", message: { model: "claude-test", id: "msg_conf", type: "message", role: "assistant", content: [], stop_reason: null, stop_sequence: null, usage: { ...anthropicUsage(s), output_tokens: 1 } } })];
  let index = 0;
  if (s.reasoning) {
    out.push(ev({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } }));
    for (const p of pieces(s.reasoning)) out.push(ev({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: p } }));
    out.push(ev({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: "sig" } }));
    out.push(ev({ type: "content_block_stop", index: index++ }));
  }
  if (s.text) {
    out.push(ev({ type: "content_block_start", index, content_block: { type: "text", text: "" } }));
    out.push(": keep-alive\n\n", ev({ type: "ping" }));
    for (const p of pieces(s.text)) out.push(ev({ type: "content_block_delta", index, delta: { type: "text_delta", text: p } }));
    out.push(ev({ type: "content_block_stop", index: index++ }));
  }
  for (const t of s.toolCalls ?? []) {
    out.push(ev({ type: "content_block_start", index, content_block: { type: "tool_use", id: t.id, name: t.name, input: {} } }));
    out.push(ev({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: "" } }));
    for (const p of pieces(JSON.stringify(t.args))) out.push(ev({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: p } }));
    out.push(ev({ type: "content_block_stop", index: index++ }));
  }
  out.push(ev({ type: "message_delta", delta: { stop_reason: s.finish === "tool_calls" ? "tool_use" : "end_turn", stop_sequence: null }, usage: { output_tokens: s.usage.completion } }));
  out.push(ev({ type: "message_stop" }));
  return out;
}

// ---- Gemini generateContent ----------------------------------------------------------------
function geminiUsage(s: ScenarioSpec): Record<string, unknown> {
  return {
    promptTokenCount: s.usage.prompt,
    candidatesTokenCount: s.usage.completion - s.usage.reasoning,
    totalTokenCount: s.usage.prompt + s.usage.completion,
    ...(s.usage.cached ? { cachedContentTokenCount: s.usage.cached } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: s.usage.prompt }],
    ...(s.usage.reasoning ? { thoughtsTokenCount: s.usage.reasoning } : {}),
  };
}

function geminiParts(s: ScenarioSpec): unknown[] {
  const parts: unknown[] = [];
  if (s.reasoning) parts.push({ text: s.reasoning, thought: true });
  if (s.text) parts.push({ text: s.text });
  (s.toolCalls ?? []).forEach((t, i) => parts.push(i === 0 ? { functionCall: { name: t.name, args: t.args }, thoughtSignature: "EskgCsYg" } : { functionCall: { name: t.name, args: t.args } }));
  return parts;
}

export function geminiJson(s: ScenarioSpec): unknown {
  return {
    candidates: [{ content: { parts: geminiParts(s), role: "model" }, finishReason: "STOP", index: 0 }],
    usageMetadata: geminiUsage(s),
    modelVersion: "gemini-test",
    responseId: "conf-response",
  };
}

export function geminiSse(s: ScenarioSpec): string[] {
  const ev = (parts: unknown[], finish?: string): string =>
    `data: ${JSON.stringify({ candidates: [{ content: { parts, role: "model" }, ...(finish ? { finishReason: finish } : {}), index: 0 }], usageMetadata: geminiUsage(s), modelVersion: "gemini-test", responseId: "conf-response" })}\r\n\r\n`;
  const out: string[] = [];
  for (const p of pieces(s.reasoning ?? "")) out.push(ev([{ text: p, thought: true }]));
  for (const p of pieces(s.text ?? "")) out.push(ev([{ text: p }]));
  const calls = geminiParts({ ...s, text: undefined, reasoning: undefined });
  if (calls.length > 0) out.push(ev(calls));
  out.push(ev([{ text: "" }], "STOP"));
  return out;
}

// ---- Errors ----------------------------------------------------------------------------------
export type ErrorScenario = "bad_request" | "unauthorized" | "rate_limited" | "server_error" | "overloaded";

export function errorResponse(wire: Wire, e: ErrorScenario): { status: number; headers: Record<string, string>; body: string } {
  const status = { bad_request: 400, unauthorized: 401, rate_limited: 429, server_error: 500, overloaded: wire === "anthropic" ? 529 : 503 }[e];
  const headers: Record<string, string> = e === "rate_limited" && wire !== "gemini" ? { "retry-after": "7" } : {};
  const message = { bad_request: "Invalid value for 'messages'.", unauthorized: "Invalid API key.", rate_limited: "Rate limit reached.", server_error: "Internal error.", overloaded: "Overloaded." }[e];
  if (wire === "anthropic") {
    const type = { bad_request: "invalid_request_error", unauthorized: "authentication_error", rate_limited: "rate_limit_error", server_error: "api_error", overloaded: "overloaded_error" }[e];
    return { status, headers, body: JSON.stringify({ type: "error", error: { type, message }, request_id: "req_conf" }) };
  }
  if (wire === "gemini") {
    const code = { bad_request: "INVALID_ARGUMENT", unauthorized: "UNAUTHENTICATED", rate_limited: "RESOURCE_EXHAUSTED", server_error: "INTERNAL", overloaded: "UNAVAILABLE" }[e];
    const details = e === "rate_limited" ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" }] : [];
    return { status, headers, body: JSON.stringify({ error: { code: status, message, status: code, details } }) };
  }
  const type = { bad_request: "invalid_request_error", unauthorized: "invalid_request_error", rate_limited: "requests", server_error: "server_error", overloaded: "server_error" }[e];
  return { status, headers, body: JSON.stringify({ error: { message, type, param: null, code: e === "unauthorized" ? "invalid_api_key" : null } }) };
}
