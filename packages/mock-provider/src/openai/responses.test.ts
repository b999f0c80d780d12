import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { arr, obj, OPENAI_HEADERS, postJson, sseEvents } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

const responses = (body: unknown) => postJson(`${mock.url}/v1/responses`, body, OPENAI_HEADERS);

describe("responses API", () => {
  it("answers a non-stream response with a message item and usage", async () => {
    const body = obj(await (await responses({ model: "gpt-5", input: "Hi there", reasoning: { effort: "medium" } })).json());
    expect(body.id).toMatch(/^resp_/);
    expect(body.object).toBe("response");
    expect(body.status).toBe("completed");
    const output = arr(body.output).map(obj);
    expect(output.map((o) => o.type)).toEqual(["reasoning", "message"]);
    const part = obj(arr(output[1]?.content)[0]);
    expect(part.type).toBe("output_text");
    expect(String(part.text)).toMatch(/^Mock reply to: Hi there/);
    expect(body.usage).toEqual({
      input_tokens: 2,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 36,
      output_tokens_details: { reasoning_tokens: 16 },
      total_tokens: 38,
    });
  });

  it("streams named events whose name equals the data type, ending at response.completed", async () => {
    const raw = await (await responses({ model: "gpt-5", input: [{ role: "user", content: "go [[mock tokens=4]]" }], stream: true })).text();
    expect(raw).not.toContain("[DONE]");
    const events = sseEvents(raw);
    const types: string[] = [];
    let text = "";
    events.forEach((event, i) => {
      const [eventLine, dataLine] = event.split("\n");
      expect(eventLine).toMatch(/^event: /);
      const data = obj(JSON.parse(String(dataLine).slice(6)));
      expect(data.type).toBe(String(eventLine).slice(7));
      expect(data.sequence_number).toBe(i);
      types.push(String(data.type));
      if (data.type === "response.output_text.delta") text += String(data.delta);
    });
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types.filter((t) => t === "response.output_text.delta")).toHaveLength(4);
    expect(text).toBe("Mock reply to: go");
  });

  it("streams function call arguments as deltas and reports incomplete on max_output_tokens", async () => {
    const tools = [{ type: "function", name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } }];
    const raw = await (await responses({ model: "m", input: "find", tools, stream: true })).text();
    const datas = sseEvents(raw).map((e) => obj(JSON.parse(String(e.split("\n")[1]).slice(6))));
    const deltas = datas.filter((d) => d.type === "response.function_call_arguments.delta").map((d) => String(d.delta));
    expect(deltas.length).toBeGreaterThan(1);
    expect(JSON.parse(deltas.join(""))).toEqual({ q: "mock" });
    const cut = obj(await (await responses({ model: "m", input: "long", max_output_tokens: 3 })).json());
    expect(cut.status).toBe("incomplete");
    expect(cut.incomplete_details).toEqual({ reason: "max_output_tokens" });
  });
});
