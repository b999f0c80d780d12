import { ChatCompletionChunkSchema, ChatCompletionSchema, type ChatCompletion, type ChatCompletionRequest, type StreamEvent, type UpstreamTarget } from "@switchboard/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assemble } from "../__fixtures__/read-fixture.js";
import { getAdapter, PROVIDER_KINDS } from "../registry.js";
import { startFakeUpstream, type FakeUpstream } from "./fake-upstream-server.js";
import { SCENARIOS, type ErrorScenario, type ScenarioName } from "./wire-scenarios.js";

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function targetFor(kind: string, scenario: string, apiKey = "test-key"): UpstreamTarget {
  const baseUrl = kind === "openai-compatible" ? `${upstream.baseUrl}/v1` : upstream.baseUrl;
  const upstreamModel = kind === "gemini" ? "gemini-2.5-flash" : kind === "anthropic" ? "claude-test" : "gpt-test";
  return { baseUrl, apiKey, upstreamModel, headers: { "x-scenario": scenario } };
}

const WEATHER: ChatCompletionRequest["tools"] = [
  { type: "function", function: { name: "weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
];

function requestFor(scenario: ScenarioName, stream: boolean): ChatCompletionRequest {
  const req: ChatCompletionRequest = { model: "client-alias", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], stream };
  if (scenario === "tool" || scenario === "parallel") req.tools = WEATHER;
  if (scenario === "structured") req.response_format = { type: "json_schema", json_schema: { name: "answer", schema: { type: "object", properties: { answer: { type: "number" } } }, strict: true } };
  if (scenario === "usage") req.reasoning_effort = "low";
  return req;
}

async function call(kind: string, scenario: string, req: ChatCompletionRequest, apiKey?: string): Promise<Response> {
  const r = getAdapter(kind).buildChatRequest(req, targetFor(kind, scenario, apiKey));
  return fetch(r.url, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
}

async function streamEvents(kind: string, res: Response, target: UpstreamTarget): Promise<StreamEvent[]> {
  const decoder = getAdapter(kind).createChatStreamDecoder(target, { id: "chatcmpl-conformance", created: 1767225600, model: "client-alias" });
  const out: StreamEvent[] = [];
  if (!res.body) throw new Error("no body");
  for await (const bytes of res.body) out.push(...decoder.push(bytes));
  out.push(...decoder.end());
  return out;
}

interface Canonical {
  content: string;
  reasoning: string;
  tools: Array<{ name: string; args: unknown }>;
  finish: string | null;
  usage: { prompt: number; completion: number; total: number; cached: number };
}

function fromCompletion(c: ChatCompletion): Canonical & { ids: string[] } {
  const m = c.choices[0]?.message;
  const u = c.usage;
  return {
    content: m?.content ?? "",
    reasoning: m?.reasoning_content ?? "",
    tools: (m?.tool_calls ?? []).map((t) => ({ name: t.function.name, args: JSON.parse(t.function.arguments) as unknown })),
    ids: (m?.tool_calls ?? []).map((t) => t.id),
    finish: c.choices[0]?.finish_reason ?? null,
    usage: { prompt: u?.prompt_tokens ?? -1, completion: u?.completion_tokens ?? -1, total: u?.total_tokens ?? -1, cached: u?.prompt_tokens_details?.cached_tokens ?? 0 },
  };
}

function expected(scenario: ScenarioName): Canonical {
  const s: (typeof SCENARIOS)[ScenarioName] = SCENARIOS[scenario];
  return {
    content: "text" in s ? s.text : "",
    reasoning: "reasoning" in s ? s.reasoning : "",
    tools: "toolCalls" in s ? s.toolCalls.map((t) => ({ name: t.name, args: t.args })) : [],
    finish: s.finish,
    usage: { prompt: s.usage.prompt, completion: s.usage.completion, total: s.usage.prompt + s.usage.completion, cached: s.usage.cached },
  };
}

const scenarios = Object.keys(SCENARIOS) as ScenarioName[];

describe.each(PROVIDER_KINDS)("conformance: %s", (kind) => {
  it.each(scenarios)("non-streaming %s lands on the canonical result", async (scenario) => {
    const res = await call(kind, scenario, requestFor(scenario, false));
    expect(res.status).toBe(200);
    const completion = getAdapter(kind).parseChatResponse(await res.json(), targetFor(kind, scenario));
    expect(ChatCompletionSchema.parse(completion)).toEqual(completion);
    const { ids, ...canonical } = fromCompletion(completion);
    expect(canonical).toEqual(expected(scenario));
    expect(new Set(ids).size).toBe(ids.length);
    if (scenario === "usage" && kind !== "anthropic") {
      // Anthropic folds thinking into output_tokens without a separate count.
      expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(SCENARIOS.usage.usage.reasoning);
    }
  });

  it.each(scenarios)("streaming %s assembles to the same canonical result", async (scenario) => {
    const target = targetFor(kind, scenario);
    const res = await call(kind, scenario, requestFor(scenario, true));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await streamEvents(kind, res, target);
    for (const e of events) if (e.type === "chunk") expect(ChatCompletionChunkSchema.parse(e.chunk)).toEqual(e.chunk);
    const r = assemble(events);
    expect(r).toMatchObject({ done: true, malformed: 0, errors: [] });
    const u = r.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
    const canonical: Canonical = {
      content: r.content,
      reasoning: r.reasoning,
      tools: r.toolCalls.map((t) => ({ name: t.name, args: JSON.parse(t.arguments) as unknown })),
      finish: r.finishReason,
      usage: { prompt: u.prompt_tokens, completion: u.completion_tokens, total: u.total_tokens, cached: u.prompt_tokens_details?.cached_tokens ?? 0 },
    };
    expect(canonical).toEqual(expected(scenario));
    const ids = r.toolCalls.map((t) => t.id);
    expect(ids.every((id) => id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sends structured output in the provider's native form", async () => {
    await call(kind, "structured", requestFor("structured", false));
    const sent = upstream.received.at(-1)?.body as Record<string, Record<string, unknown>>;
    const schema = { type: "object", properties: { answer: { type: "number" } } };
    if (kind === "anthropic") expect(sent.output_config).toEqual({ format: { type: "json_schema", schema } });
    else if (kind === "gemini") expect(sent.generationConfig).toMatchObject({ responseMimeType: "application/json", responseJsonSchema: schema });
    else expect(sent.response_format).toEqual({ type: "json_schema", json_schema: { name: "answer", schema, strict: true } });
  });

  const errorCases: Array<[ErrorScenario, { retryable: boolean; kind: string }]> = [
    ["bad_request", { retryable: false, kind: "invalid_request" }],
    ["unauthorized", { retryable: false, kind: "auth" }],
    ["rate_limited", { retryable: true, kind: "rate_limit" }],
    ["server_error", { retryable: true, kind: "server" }],
    ["overloaded", { retryable: true, kind: "server" }],
  ];
  it.each(errorCases)("normalises %s", async (scenario, want) => {
    const res = await call(kind, scenario, requestFor("text", false), scenario === "unauthorized" ? "wrong-key" : undefined);
    expect(res.ok).toBe(false);
    const err = getAdapter(kind).parseError(res.status, Object.fromEntries(res.headers.entries()), await res.text());
    expect(err.status).toBe(res.status);
    expect(err.isRetryable).toBe(want.retryable);
    expect(err.kind).toBe(want.kind);
    expect(err.message.length).toBeGreaterThan(0);
    if (scenario === "rate_limited") expect(err.retryAfterMs).toBe(7000);
  });
});
