// Helpers for this package's own tests: real HTTP against a real mock server.

export const OPENAI_HEADERS = { authorization: "Bearer sk-test", "content-type": "application/json" };
export const ANTHROPIC_HEADERS = { "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01", "content-type": "application/json" };
export const GEMINI_HEADERS = { "x-goog-api-key": "g-test", "content-type": "application/json" };

export async function postJson(url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal });
}

/** Splits an SSE body into its events (separator "\n\n" or "\r\n\r\n"); drops the empty tail. */
export function sseEvents(raw: string, separator = "\n\n"): string[] {
  return raw.split(separator).filter((e) => e.length > 0);
}

/** `data:` payloads of SSE events, JSON-parsed (except a literal [DONE]). */
export function sseData(raw: string, separator = "\n\n"): unknown[] {
  return sseEvents(raw, separator).map((event) => {
    const line = event.split(/\r?\n/).find((l) => l.startsWith("data: ")) ?? "";
    const data = line.slice(6);
    return data === "[DONE]" ? data : (JSON.parse(data) as unknown);
  });
}

/** Reads from a streaming body until `count` separators were seen or `ms` elapsed. */
export async function readUntil(res: Response, count: number, ms: number, separator = "\n\n"): Promise<{ text: string; timedOut: boolean; ended: boolean }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (text.split(separator).length - 1 < count) {
    const left = deadline - Date.now();
    if (left <= 0) return { text, timedOut: true, ended: false };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left)));
    const next = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    if (next === "timeout") {
      void reader.cancel().catch(() => undefined);
      return { text, timedOut: true, ended: false };
    }
    if (next.done) return { text, timedOut: false, ended: true };
    text += decoder.decode(next.value, { stream: true });
  }
  void reader.cancel().catch(() => undefined);
  return { text, timedOut: false, ended: false };
}

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Obj;
}

export function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value;
}
