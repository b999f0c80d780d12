/**
 * The same request bodies go to every target. `models` is the OpenRouter-style fallback list that makes
 * Switchboard plan a fallback route; the mock and Portkey ignore it.
 */
const messages = [
  { role: "system", content: "You are a concise assistant." },
  { role: "user", content: "Write a short greeting for the benchmark." },
];

const base = { model: "gpt-mock", models: ["gpt-mock", "gpt-mock-large"], messages, max_tokens: 64, temperature: 0.2 };

export const NON_STREAM_BODY = JSON.stringify(base);
export const STREAM_BODY = JSON.stringify({ ...base, stream: true });

/** A stream the mock paces at `tps` tokens/s (one token per chunk): it stays open chunks/tps seconds. */
export function slowStreamBody(tps: number): string {
  const slow = [...messages.slice(0, 1), { role: "user", content: `Hold this stream open. [[mock tps=${tps}]]` }];
  return JSON.stringify({ ...base, messages: slow, stream: true });
}

export const JSON_HEADERS = { "content-type": "application/json" };
/** The mock accepts any bearer key but answers 401 without one: a baseline without it would time a 401. */
export const MOCK_AUTH = { authorization: "Bearer mock-key" };
