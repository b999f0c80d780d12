import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./harness.js";

// Hostile input never crashes the gateway or leaks a 5xx: every bad request gets a clean 4xx in
// OpenAI's envelope, and memory stays bounded.
let t: TestGateway;
let key: string;
beforeAll(async () => {
  t = await startTestGateway({ MAX_BODY_BYTES: String(256 * 1024) });
  ({ key } = await t.createKey());
});
afterAll(() => t?.close());

const ENDPOINTS = ["/chat/completions", "/completions", "/responses", "/embeddings"];

async function send(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseURL}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  return { status: res.status, text };
}

function expectEnvelope(r: { status: number; text: string }) {
  expect(r.status, r.text).toBeLessThan(500);
  if (r.status >= 400) {
    const j = JSON.parse(r.text) as { error: { message: unknown; type: unknown; param: unknown; code: unknown } };
    expect(typeof j.error.message).toBe("string");
    expect(typeof j.error.type).toBe("string");
    expect(j.error.param === null || typeof j.error.param === "string").toBe(true);
    expect(j.error.code === null || typeof j.error.code === "string").toBe(true);
  }
}

// Values shaped like a chat request, with every field possibly wrong.
const chatish = fc.record(
  {
    model: fc.oneof(fc.constant("no-such-model"), fc.string(), fc.integer(), fc.constant(null)),
    messages: fc.oneof(
      fc.array(fc.record({ role: fc.oneof(fc.constantFrom("user", "system", "assistant", "tool", "wizard"), fc.anything()), content: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }), { maxLength: 5 }),
      fc.anything(),
    ),
    temperature: fc.oneof(fc.double(), fc.string()),
    max_tokens: fc.oneof(fc.integer(), fc.double(), fc.string()),
    stream: fc.anything(),
    tools: fc.anything(),
    n: fc.anything(),
    __proto__: fc.anything(),
  },
  { requiredKeys: [] },
);

describe("fuzzing the gateway with hostile bodies and headers", () => {
  it("random JSON values on every endpoint → clean 4xx (or a real answer), never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.oneof(fc.jsonValue(), chatish), async (path, value) => {
        expectEnvelope(await send(path, JSON.stringify(value)));
      }),
      { numRuns: 150 },
    );
  });

  it("random bytes, truncated JSON and bad encodings → 400", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.uint8Array({ maxLength: 2000 }), async (path, bytes) => {
        expectEnvelope(await send(path, bytes));
      }),
      { numRuns: 100 },
    );
    for (const body of ['{"model":', "\uFEFF{}", '{"model":"gpt-mock","messages":[{"role":"user","content":"\\ud800"}]}', "[]", "null", "1e309", '"str"']) {
      expectEnvelope(await send("/chat/completions", body));
    }
  });

  it("deep nesting, huge arrays and oversized bodies are refused cheaply", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const r1 = await send("/chat/completions", deep);
    expect(r1.status).toBe(400);
    const nested = JSON.stringify({ model: "gpt-mock", messages: [{ role: "user", content: "x" }], metadata: JSON.parse(`${'{"a":'.repeat(200)}1${"}".repeat(200)}`) as unknown });
    expectEnvelope(await send("/chat/completions", nested));
    const big = await send("/chat/completions", JSON.stringify({ model: "gpt-mock", messages: [{ role: "user", content: "x".repeat(300 * 1024) }] }));
    expect(big.status).toBe(413);
    const wide = await send("/chat/completions", JSON.stringify({ model: "gpt-mock", messages: Array.from({ length: 20_000 }, () => ({ role: "user", content: "" })) }));
    expectEnvelope(wide);
  });

  it("hostile headers never crash the server", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.constantFrom("authorization", "api-key", "x-api-key", "x-switchboard-target", "x-switchboard-cache", "content-type", "cache-control"), async (value, name) => {
        const safe = value.replace(/[^\x20-\x7e]/g, "");
        const res = await fetch(`${t.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, [name]: safe }, body: JSON.stringify({ model: "gpt-mock", messages: [{ role: "user", content: "hi" }] }) });
        expectEnvelope({ status: res.status, text: await res.text() });
      }),
      { numRuns: 120 },
    );
    // Headers over the server's limit are refused by Node's parser with 431.
    const res = await fetch(`${t.baseURL}/models`, { headers: { authorization: `Bearer ${key}`, "x-filler": "a".repeat(40 * 1024) } }).catch(() => null);
    expect(res === null || res.status === 431).toBe(true);
  });

  it("is still healthy, with bounded memory, after all of that", async () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 300; i++) await send("/chat/completions", JSON.stringify({ model: 42, messages: "x".repeat(10_000) }));
    global.gc?.();
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(t.baseURL.replace(/\/v1$/, "/health"))).status).toBe(200);
  });
});
