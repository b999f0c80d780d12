import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { zodResponseFormat } from "openai/helpers/zod";
import { startTestGateway, type TestGateway } from "./harness.js";

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

describe("other endpoints through the official openai SDK", () => {
  it("parses json_schema structured output with the SDK's zod helper", async () => {
    const Weather = z.object({ city: z.string(), temperature: z.number(), unit: z.enum(["c", "f"]) });
    const res = await t.client(key).chat.completions.parse({
      model: "gpt-mock",
      messages: [{ role: "user", content: "Weather in Paris as JSON" }],
      response_format: zodResponseFormat(Weather, "weather"),
    });
    const parsed = res.choices[0]?.message.parsed;
    expect(parsed).not.toBeNull();
    expect(Weather.safeParse(parsed).success).toBe(true);
  });

  it("lists and retrieves models", async () => {
    const list = await t.client(key).models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain("mock/gpt-mock");
    expect(ids).toContain("mock/claude-mock");
    const one = await t.client(key).models.retrieve("mock/gemini-mock");
    expect(one.id).toBe("mock/gemini-mock");
    expect(one.object).toBe("model");
  });

  it("creates float and base64 embeddings (the SDK decodes base64 itself)", async () => {
    const floats = await t.client(key).embeddings.create({ model: "mock/embed-mock", input: ["a", "b"], encoding_format: "float" });
    expect(floats.data).toHaveLength(2);
    expect(floats.data[0]?.embedding.length).toBeGreaterThan(0);
    const b64 = await t.client(key).embeddings.create({ model: "mock/embed-mock", input: ["a", "b"] });
    expect(b64.data[0]?.embedding).toHaveLength(floats.data[0]!.embedding.length);
    for (let i = 0; i < 5; i++) expect(b64.data[0]!.embedding[i]).toBeCloseTo(floats.data[0]!.embedding[i]!, 5);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("serves legacy completions on a chat upstream", async () => {
    const res = await t.client(key).completions.create({ model: "gpt-mock", prompt: "Say hi", max_tokens: 20 });
    expect(res.object).toBe("text_completion");
    expect(res.choices[0]?.text.length).toBeGreaterThan(0);
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("serves the Responses API, non-streaming", async () => {
    const res = await t.client(key).responses.create({ model: "claude-mock", input: "Hello from responses", instructions: "Be brief" });
    expect(res.object).toBe("response");
    expect(res.status).toBe("completed");
    expect(res.output_text).toContain("Mock reply");
    expect(res.usage?.input_tokens).toBeGreaterThan(0);
  });

  it("streams the Responses API with its semantic events in order", async () => {
    const stream = await t.client(key).responses.create({ model: "gemini-mock", input: "Stream a response", stream: true });
    const types: string[] = [];
    let text = "";
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === "response.output_text.delta") text += ev.delta;
    }
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_item.added");
    expect(types).toContain("response.output_text.delta");
    expect(types.at(-1)).toBe("response.completed");
    expect(text).toContain("Mock reply");
  });

  it("streams Responses function calls with argument deltas", async () => {
    const stream = await t.client(key).responses.create({
      model: "gpt-mock",
      input: "Call the tool",
      stream: true,
      tools: [{ type: "function", name: "lookup", strict: false, parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } }],
    });
    const types: string[] = [];
    for await (const ev of stream) types.push(ev.type);
    expect(types).toContain("response.function_call_arguments.delta");
    expect(types).toContain("response.function_call_arguments.done");
    expect(types.at(-1)).toBe("response.completed");
  });

  it("passes image parts upstream byte for byte and unknown fields through", async () => {
    const dataUrl = `data:image/png;base64,${Buffer.from("not-really-a-png-but-bytes-\u0001\u0002").toString("base64")}`;
    t.mock.reset();
    await t.client(key).chat.completions.create({
      model: "gpt-mock",
      messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: dataUrl, detail: "high" } }] }],
      // @ts-expect-error an unknown, provider-specific field must pass through to OpenAI-compatible upstreams
      custom_vendor_flag: { keep: true },
      seed: 7,
      logprobs: true,
      top_logprobs: 2,
    });
    const sent = t.mock.requests().at(-1)!;
    const body = sent.body as { messages: Array<{ content: Array<{ image_url?: { url: string } }> }>; custom_vendor_flag: unknown; seed: number; model: string };
    expect(body.messages[0]!.content[1]!.image_url!.url).toBe(dataUrl);
    expect(body.custom_vendor_flag).toEqual({ keep: true });
    expect(body.seed).toBe(7);
    expect(body.model).toBe("gpt-mock");
  });
});
