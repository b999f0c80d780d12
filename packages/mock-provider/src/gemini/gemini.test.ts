import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProvider, type MockProvider } from "../index.js";
import { arr, GEMINI_HEADERS, obj, postJson, sseData } from "../test-support/http.js";

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

const MODEL = "gemini-2.5-flash";
const url = (method: string, query = "") => `${mock.url}/v1beta/models/${MODEL}:${method}${query}`;
const contents = (text: string) => ({ contents: [{ role: "user", parts: [{ text }] }] });

describe("gemini", () => {
  it("accepts the key as header or ?key=, else answers Google's error envelope", async () => {
    expect((await postJson(url("generateContent", "?key=abc"), contents("x"), { "content-type": "application/json" })).status).toBe(200);
    const noKey = await postJson(url("generateContent"), contents("x"), { "content-type": "application/json" });
    expect(noKey.status).toBe(401);
    const err = obj(obj(await noKey.json()).error);
    expect(err.code).toBe(401);
    expect(err.status).toBe("UNAUTHENTICATED");
    expect(Array.isArray(err.details)).toBe(true);
  });

  it("answers generateContent with candidates, usageMetadata and thought parts", async () => {
    const body = obj(
      await (
        await postJson(url("generateContent"), { ...contents("Why is the sky blue? [[mock cached=4]]"), generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } }, GEMINI_HEADERS)
      ).json(),
    );
    const cand = obj(arr(body.candidates)[0]);
    expect(cand.finishReason).toBe("STOP");
    const content = obj(cand.content);
    expect(content.role).toBe("model");
    const parts = arr(content.parts).map(obj);
    expect(parts[0]?.thought).toBe(true);
    expect(String(parts[1]?.text)).toMatch(/^Mock reply to: Why is the sky blue\?/);
    const usage = obj(body.usageMetadata);
    expect(usage.candidatesTokenCount).toBe(20);
    expect(usage.thoughtsTokenCount).toBe(16);
    expect(usage.cachedContentTokenCount).toBe(4);
    expect(usage.totalTokenCount).toBe(Number(usage.promptTokenCount) + 36);
    expect(body.modelVersion).toBe(MODEL);
    expect(typeof body.responseId).toBe("string");
  });

  it("streams CRLF-separated unnamed events, cumulative usage, finishReason only on the last, no [DONE]", async () => {
    const raw = await (await postJson(url("streamGenerateContent", "?alt=sse"), contents("stream [[mock tokens=4]]"), GEMINI_HEADERS)).text();
    expect(raw).not.toContain("[DONE]");
    expect(raw).not.toContain("event:");
    expect(raw.endsWith("}\r\n\r\n")).toBe(true);
    expect(raw.replaceAll("\r\n\r\n", "")).not.toMatch(/\n/);
    const chunks = sseData(raw, "\r\n\r\n").map(obj);
    expect(chunks).toHaveLength(5);
    const counts = chunks.map((c) => obj(c.usageMetadata).candidatesTokenCount);
    expect(counts).toEqual([1, 2, 3, 4, 4]);
    const finishes = chunks.map((c) => obj(arr(c.candidates)[0]).finishReason);
    expect(finishes).toEqual([undefined, undefined, undefined, undefined, "STOP"]);
  });

  it("returns a JSON array for streamGenerateContent without alt=sse", async () => {
    const body = arr(await (await postJson(url("streamGenerateContent"), contents("x [[mock tokens=3]]"), GEMINI_HEADERS)).json()).map(obj);
    // "Mock reply to: x" is 4 word tokens, one per chunk, then the finishReason chunk.
    expect(body).toHaveLength(5);
    expect(obj(arr(body[4]?.candidates)[0]).finishReason).toBe("STOP");
  });

  it("calls functions with args from the schema and MAX_TOKENS when cut", async () => {
    const tools = [{ functionDeclarations: [{ name: "weather", parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] } }] }];
    const body = obj(await (await postJson(url("generateContent"), { ...contents("w [[mock tools=3]]"), tools }, GEMINI_HEADERS)).json());
    const parts = arr(obj(obj(arr(body.candidates)[0]).content).parts).map(obj);
    expect(parts.map((p) => p.functionCall)).toEqual(Array(3).fill({ name: "weather", args: { city: "mock" } }));
    const cut = obj(await (await postJson(url("generateContent"), { ...contents("long"), generationConfig: { maxOutputTokens: 2 } }, GEMINI_HEADERS)).json());
    expect(obj(arr(cut.candidates)[0]).finishReason).toBe("MAX_TOKENS");
  });

  it("answers 429 with RetryInfo retryDelay and Retry-After", async () => {
    const res = await postJson(url("generateContent"), contents("x [[mock status=429 retry_after=3]]"), GEMINI_HEADERS);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    const err = obj(obj(await res.json()).error);
    expect(err.status).toBe("RESOURCE_EXHAUSTED");
    const retry = arr(err.details).map(obj).find((d) => d["@type"] === "type.googleapis.com/google.rpc.RetryInfo");
    expect(retry?.retryDelay).toBe("3s");
  });

  it("answers SAFETY for content_filter and 400 INVALID_ARGUMENT for context_length", async () => {
    const safety = obj(await (await postJson(url("generateContent"), contents("x [[mock error=content_filter]]"), GEMINI_HEADERS)).json());
    expect(obj(arr(safety.candidates)[0]).finishReason).toBe("SAFETY");
    const tooLong = await postJson(url("generateContent"), contents("x [[mock error=context_length]]"), GEMINI_HEADERS);
    expect(tooLong.status).toBe(400);
    expect(obj(obj(await tooLong.json()).error).status).toBe("INVALID_ARGUMENT");
  });

  it("embeds deterministically via embedContent and batchEmbedContents", async () => {
    const single = obj(await (await postJson(url("embedContent"), { content: { parts: [{ text: "a" }] }, outputDimensionality: 16 }, GEMINI_HEADERS)).json());
    const values = arr(obj(single.embedding).values);
    expect(values).toHaveLength(16);
    const batch = obj(
      await (
        await postJson(url("batchEmbedContents"), { requests: [{ model: `models/${MODEL}`, content: { parts: [{ text: "a" }] }, outputDimensionality: 16 }, { content: { parts: [{ text: "b" }] } }] }, GEMINI_HEADERS)
      ).json(),
    );
    const embeddings = arr(batch.embeddings).map(obj);
    expect(embeddings[0]?.values).toEqual(values);
    expect(arr(embeddings[1]?.values)).toHaveLength(768);
  });
});
