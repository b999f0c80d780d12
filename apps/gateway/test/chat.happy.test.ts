import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

describe.each(["gpt-mock", "claude-mock", "gemini-mock"])("chat through %s with the official openai SDK", (model) => {
  it("answers a non-streaming completion with usage and our headers", async () => {
    const { data, response } = await t.client(key).chat.completions.create({ model, messages: [{ role: "user", content: "Hello there" }] }).withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]?.message.role).toBe("assistant");
    expect(data.choices[0]?.message.content).toContain("Mock reply");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));
    expect(data.model).toBe(`mock/${model}`);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-switchboard-attempts")).toBe("1");
    expect(Number(response.headers.get("x-switchboard-cost-pico-usd"))).toBeGreaterThan(0);
  });

  it("streams with the SDK helper and sends usage last when include_usage is set", async () => {
    const stream = await t.client(key).chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Stream please" }] });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toContain("Mock reply");
    expect(chunks.length).toBeGreaterThan(2);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === "stop")).toBe(true);
  });

  it("returns parallel tool calls with unique ids, in order", async () => {
    const res = await t.client(key).chat.completions.create({
      model,
      messages: [{ role: "user", content: "Weather in three cities [[mock tools=3]]" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
    });
    const calls = res.choices[0]?.message.tool_calls ?? [];
    expect(res.choices[0]?.finish_reason).toBe("tool_calls");
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    for (const c of calls) {
      expect(c.type === "function" && c.function.name).toBe("get_weather");
      expect(typeof JSON.parse(c.type === "function" ? c.function.arguments : "{}").city).toBe("string");
    }
  });

  it("streams tool calls that the SDK's stream helper assembles", async () => {
    const runner = t.client(key).chat.completions.stream({
      model,
      messages: [{ role: "user", content: "Weather [[mock tools=2]]" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
    });
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });
});
