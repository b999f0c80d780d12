import fs from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

// Gateway responses, as sent on the wire, validated against OpenAI's published OpenAPI schemas
// (a subset extracted by scripts/extract-openapi.mjs; MIT, see fixtures/openai-openapi.LICENSE).
const doc = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures/openai-openapi-subset.json"), "utf8")) as { components: Record<string, unknown> };
function denullable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(denullable);
  if (typeof v !== "object" || v === null) return v;
  const { nullable, ...rest } = v as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, denullable(x)]));
  if (nullable !== true) return out;
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"], ...(Array.isArray(out.enum) ? { enum: [...(out.enum as unknown[]), null] } : {}) };
  return { anyOf: [out, { type: "null" }] };
}
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("uri", true).addFormat("unixtime", true);
ajv.addSchema({ $id: "openapi.json", components: denullable(doc.components) });
const schema = (name: string) => ajv.getSchema(`openapi.json#/components/schemas/${name}`) as ValidateFunction;

function expectValid(name: string, value: unknown) {
  const v = schema(name);
  const ok = v(value);
  expect(ok, `${name}: ${JSON.stringify(v.errors?.slice(0, 3))}`).toBe(true);
}

/** The member of the ResponseStreamEvent union for one event type (a precise error beats an anyOf dump). */
function eventSchemaName(type: string): string {
  const schemas = doc.components.schemas as Record<string, { properties?: { type?: { enum?: string[] } } }>;
  const union = schemas.ResponseStreamEvent as unknown as { anyOf?: Array<{ $ref: string }>; oneOf?: Array<{ $ref: string }> };
  for (const { $ref } of union.anyOf ?? union.oneOf ?? []) {
    const name = $ref.split("/").pop()!;
    if (schemas[name]?.properties?.type?.enum?.includes(type)) return name;
  }
  throw new Error(`no schema for event ${type}`);
}

let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway();
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

async function post(p: string, body: unknown) {
  const res = await fetch(`${t.baseURL}${p}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res;
}

async function sseData(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text.split("\n\n").map((f) => f.split("\n").find((l) => l.startsWith("data: "))?.slice(6)).filter((d): d is string => !!d && d !== "[DONE]").map((d) => JSON.parse(d) as unknown);
}

describe("responses validate against OpenAI's OpenAPI schemas", () => {
  for (const model of ["gpt-mock", "claude-mock", "gemini-mock"]) {
    it(`chat completion and stream chunks (${model}, with tools)`, async () => {
      const tools = [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { type: "string" } } } } }];
      expectValid("CreateChatCompletionResponse", await (await post("/chat/completions", { model, messages: [{ role: "user", content: "hi" }] })).json());
      expectValid("CreateChatCompletionResponse", await (await post("/chat/completions", { model, tools, messages: [{ role: "user", content: "hi [[mock tools=2]]" }] })).json());
      const chunks = await sseData(await post("/chat/completions", { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }] }));
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) expectValid("CreateChatCompletionStreamResponse", c);
    });
  }

  it("embeddings, models, legacy completions", async () => {
    expectValid("CreateEmbeddingResponse", await (await post("/embeddings", { model: "mock/embed-mock", input: ["a", "b"], encoding_format: "float" })).json());
    expectValid("CreateCompletionResponse", await (await post("/completions", { model: "gpt-mock", prompt: "hi" })).json());
    const models = await (await fetch(`${t.baseURL}/models`, { headers: { authorization: `Bearer ${key}` } })).json();
    expectValid("ListModelsResponse", models);
  });

  it("Responses API object and its stream events", async () => {
    expectValid("Response", await (await post("/responses", { model: "claude-mock", input: "hi" })).json());
    const res = await post("/responses", { model: "gpt-mock", input: "hi", stream: true });
    const events = await sseData(res);
    expect(events.length).toBeGreaterThan(4);
    for (const e of events as Array<{ type: string; response?: { usage?: unknown } }>) {
      // OpenAI's real stream sends `usage: null` until response.completed (see the recorded
      // fixtures/providers/openai-responses streams); the published schema forgot the null. The wire wins.
      if (e.response && e.response.usage === null) delete e.response.usage;
      expectValid(eventSchemaName(e.type), e);
    }
  });
});
