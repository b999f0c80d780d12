import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, jsonSchema, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

// A second real client library: Vercel AI SDK's OpenAI-compatible provider.
describe("Vercel AI SDK (openai-compatible provider)", () => {
  const provider = () => createOpenAICompatible({ name: "switchboard", baseURL: t.baseURL, apiKey: key, includeUsage: true });

  it("generateText returns text and usage", async () => {
    const res = await generateText({ model: provider()("claude-mock"), prompt: "Hello from the AI SDK" });
    expect(res.text).toContain("Mock reply");
    expect(res.usage.inputTokens).toBeGreaterThan(0);
    expect(res.usage.outputTokens).toBeGreaterThan(0);
    expect(res.finishReason).toBe("stop");
  });

  it("streamText streams deltas", async () => {
    const res = streamText({ model: provider()("gemini-mock"), prompt: "Stream from the AI SDK" });
    let text = "";
    for await (const d of res.textStream) text += d;
    expect(text).toContain("Mock reply");
    expect((await res.usage).outputTokens).toBeGreaterThan(0);
  });

  it("tool calls come back as typed tool calls", async () => {
    const res = await generateText({
      model: provider()("gpt-mock"),
      prompt: "Weather please",
      tools: { get_weather: tool({ description: "weather", inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }) }) },
    });
    expect(res.toolCalls).toHaveLength(1);
    expect(res.toolCalls[0]?.toolName).toBe("get_weather");
    expect(typeof (res.toolCalls[0]?.input as { city: string }).city).toBe("string");
  });
});
