import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { ANTHROPIC_HEADERS, arr, obj, postJson, sseEvents } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

const messages = (body: unknown, headers: Record<string, string> = ANTHROPIC_HEADERS) => postJson(`${mock.url}/v1/messages`, body, headers);
const base = (content: string) => ({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content }] });

function parseEvents(raw: string): Array<{ event: string; data: Record<string, unknown> }> {
  return sseEvents(raw).map((e) => {
    const [eventLine, dataLine, ...rest] = e.split("\n");
    expect(rest).toEqual([]);
    return { event: String(eventLine).replace(/^event: /, ""), data: obj(JSON.parse(String(dataLine).replace(/^data: /, ""))) };
  });
}

describe("anthropic messages", () => {
  it("requires x-api-key (401) and anthropic-version (400) in Anthropic's error envelope", async () => {
    const noKey = await messages(base("x"), { "anthropic-version": "2023-06-01", "content-type": "application/json" });
    expect(noKey.status).toBe(401);
    const body = obj(await noKey.json());
    expect(body.type).toBe("error");
    expect(obj(body.error).type).toBe("authentication_error");
    const noVersion = await messages(base("x"), { "x-api-key": "k", "content-type": "application/json" });
    expect(noVersion.status).toBe(400);
    expect(obj(obj(await noVersion.json()).error).type).toBe("invalid_request_error");
  });

  it("answers a real-shaped Message with cache usage fields", async () => {
    const body = obj(await (await messages({ ...base("Hello Claude [[mock cached=30 cache_write=10]]"), system: "Be brief." })).json());
    expect(body.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(body.type).toBe("message");
    expect(body.role).toBe("assistant");
    expect(body.stop_reason).toBe("end_turn");
    expect(body.stop_sequence).toBeNull();
    const block = obj(arr(body.content)[0]);
    expect(block.type).toBe("text");
    expect(String(block.text)).toMatch(/^Mock reply to: Hello Claude/);
    const usage = obj(body.usage);
    expect(usage.cache_read_input_tokens).toBe(30);
    expect(usage.cache_creation_input_tokens).toBe(10);
    // input_tokens excludes cached tokens: prompt is raised to 40 (cache must fit) minus 40.
    expect(usage.input_tokens).toBe(0);
    expect(usage.output_tokens).toBe(20);
  });

  it("streams the named event sequence with no [DONE]", async () => {
    const res = await messages({ ...base("stream [[mock tokens=5]]"), stream: true });
    const raw = await res.text();
    expect(raw).not.toContain("[DONE]");
    const events = parseEvents(raw);
    for (const e of events) expect(e.data.type).toBe(e.event);
    const names = events.map((e) => e.event);
    expect(names).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      ...Array(5).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const text = events.filter((e) => e.event === "content_block_delta").map((e) => obj(e.data.delta).text).join("");
    expect(text.split(" ")).toHaveLength(5);
    const delta = events.find((e) => e.event === "message_delta")?.data as Record<string, unknown>;
    expect(obj(delta.delta).stop_reason).toBe("end_turn");
    expect(obj(delta.usage).output_tokens).toBe(5);
  });

  it("emits thinking blocks (thinking_delta + signature_delta) when thinking is enabled", async () => {
    const events = parseEvents(await (await messages({ ...base("think [[mock tokens=3]]"), stream: true, thinking: { type: "enabled", budget_tokens: 2048 } })).text());
    const starts = events.filter((e) => e.event === "content_block_start").map((e) => obj(e.data.content_block).type);
    expect(starts).toEqual(["thinking", "text"]);
    const deltaTypes = new Set(events.filter((e) => e.event === "content_block_delta").map((e) => obj(e.data.delta).type));
    expect(deltaTypes).toEqual(new Set(["thinking_delta", "signature_delta", "text_delta"]));
    const delta = events.find((e) => e.event === "message_delta")?.data as Record<string, unknown>;
    // "Mock reply to: think" is 4 word tokens (the echo is never shortened to the target).
    const textDeltas = events.filter((e) => e.event === "content_block_delta" && obj(e.data.delta).type === "text_delta");
    expect(textDeltas.map((e) => obj(e.data.delta).text).join("")).toBe("Mock reply to: think");
    expect(obj(delta.usage).output_tokens).toBe(4 + 16);
  });

  it("streams tool_use input as input_json_delta fragments (first empty) with stop_reason tool_use", async () => {
    const tools = [{ name: "weather", input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] } }];
    const events = parseEvents(await (await messages({ ...base("w [[mock tools=2]]"), tools, stream: true })).text());
    const toolStarts = events.filter((e) => e.event === "content_block_start").map((e) => obj(e.data.content_block));
    expect(toolStarts.map((b) => b.type)).toEqual(["tool_use", "tool_use"]);
    expect(toolStarts[0]?.id).not.toBe(toolStarts[1]?.id);
    for (const index of [0, 1]) {
      const parts = events.filter((e) => e.event === "content_block_delta" && e.data.index === index).map((e) => String(obj(e.data.delta).partial_json));
      expect(parts[0]).toBe("");
      expect(parts.length).toBeGreaterThan(2);
      expect(JSON.parse(parts.join(""))).toEqual({ location: "mock" });
    }
    const delta = events.find((e) => e.event === "message_delta")?.data as Record<string, unknown>;
    expect(obj(delta.delta).stop_reason).toBe("tool_use");
  });

  it("answers 529 overloaded_error and the real prompt-too-long error", async () => {
    const overloaded = await messages(base("x [[mock error=overloaded]]"));
    expect(overloaded.status).toBe(529);
    expect(obj(obj(await overloaded.json()).error)).toEqual({ type: "overloaded_error", message: "Overloaded" });
    const tooLong = await messages(base("x [[mock error=context_length]]"));
    expect(tooLong.status).toBe(400);
    expect(String(obj(obj(await tooLong.json()).error).message)).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it("reports max_tokens and refusal stop reasons", async () => {
    const cut = obj(await (await messages({ ...base("long"), max_tokens: 3 })).json());
    expect(cut.stop_reason).toBe("max_tokens");
    expect(obj(cut.usage).output_tokens).toBe(3);
    const refused = obj(await (await messages(base("x [[mock error=content_filter]]"))).json());
    expect(refused.stop_reason).toBe("refusal");
  });

  it("requires max_tokens like the real API", async () => {
    const res = await messages({ model: "c", messages: [{ role: "user", content: "x" }] });
    expect(res.status).toBe(400);
    expect(obj(obj(await res.json()).error).message).toBe("max_tokens: Field required");
  });
});
