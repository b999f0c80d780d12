"use client";
import { Send, Sparkles, Square, Trash2 } from "lucide-react";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/field";
import { createTemporaryKey } from "./actions";

interface Msg {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Reads an OpenAI-style SSE stream and yields content deltas and the final usage object. */
async function* readStream(res: Response): AsyncGenerator<{ delta?: string; usage?: { prompt_tokens: number; completion_tokens: number } }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let idx;
    while ((idx = buf.indexOf("\n\n")) >= 0) {
      const event = buf.slice(0, idx);
      buf = buf.slice(idx + 2);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        try {
          const json = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { prompt_tokens: number; completion_tokens: number }; error?: { message: string } };
          if (json.error) throw new Error(json.error.message);
          const delta = json.choices?.[0]?.delta?.content;
          if (delta) yield { delta };
          if (json.usage) yield { usage: json.usage };
        } catch (e) {
          if (e instanceof SyntaxError) continue;
          throw e;
        }
      }
    }
  }
}

export function Playground({ models, canUse, gatewayUrl }: { models: string[]; canUse: boolean; gatewayUrl: string }) {
  const [apiKey, setApiKey] = useState("");
  const [model, setModel] = useState(models[0] ?? "");
  const [system, setSystem] = useState("You are a helpful assistant.");
  const [input, setInput] = useState("");
  const [messages, setMessages] = useState<Msg[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stats, setStats] = useState<string | null>(null);
  const [creatingKey, startKey] = useTransition();
  const abort = useRef<AbortController | null>(null);

  async function send() {
    if (!input.trim() || streaming) return;
    setError(null);
    setStats(null);
    const history: Msg[] = [...messages, { role: "user", content: input.trim() }];
    setMessages([...history, { role: "assistant", content: "" }]);
    setInput("");
    setStreaming(true);
    const ctrl = new AbortController();
    abort.current = ctrl;
    const started = performance.now();
    let firstToken: number | null = null;
    try {
      const res = await fetch("/api/playground/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey: apiKey.trim(), model, messages: system.trim() ? [{ role: "system", content: system.trim() }, ...history] : history }),
        signal: ctrl.signal,
      });
      if (!res.ok || !res.body) {
        const j = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(j?.error?.message ?? `Request failed (${res.status})`);
      }
      let text = "";
      for await (const part of readStream(res)) {
        if (part.delta) {
          firstToken ??= performance.now();
          text += part.delta;
          setMessages([...history, { role: "assistant", content: text }]);
        }
        if (part.usage) setStats(`${part.usage.prompt_tokens} in · ${part.usage.completion_tokens} out`);
      }
      const total = Math.round(performance.now() - started);
      setStats((s) => [s, firstToken ? `first token ${Math.round(firstToken - started)} ms` : null, `total ${total} ms`].filter(Boolean).join(" · "));
    } catch (e) {
      if ((e as Error).name !== "AbortError") {
        setError((e as Error).message);
        setMessages(history);
      }
    } finally {
      setStreaming(false);
      abort.current = null;
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[320px_1fr]">
      <div className="space-y-4 rounded-lg border border-line bg-panel p-4">
        <Field label="API key" htmlFor="pg-key" hint={`Requests go through the gateway at ${gatewayUrl} and count toward usage.`}>
          <Input id="pg-key" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder="sk-sb-…" autoComplete="off" />
        </Field>
        <Button
          variant="secondary"
          size="sm"
          disabled={!canUse || creatingKey}
          onClick={() =>
            startKey(async () => {
              const r = await createTemporaryKey();
              if (r.ok) setApiKey(r.data.key);
              else setError(r.error);
            })
          }
        >
          <Sparkles className="size-3.5" aria-hidden /> {creatingKey ? "Creating…" : "Use a temporary key (1 h)"}
        </Button>
        <Field label="Model" htmlFor="pg-model">
          <Select id="pg-model" value={model} onChange={(e) => setModel(e.target.value)}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </Field>
        <Field label="System prompt" htmlFor="pg-system">
          <Textarea id="pg-system" value={system} onChange={(e) => setSystem(e.target.value)} rows={4} />
        </Field>
        <Button variant="ghost" size="sm" onClick={() => { setMessages([]); setStats(null); setError(null); }}>
          <Trash2 className="size-3.5" aria-hidden /> Clear conversation
        </Button>
      </div>
      <div className="flex min-h-[520px] flex-col rounded-lg border border-line bg-panel">
        <div className="flex-1 space-y-4 overflow-y-auto p-4" aria-live="polite">
          {messages.length === 0 ? <p className="mt-24 text-center text-sm text-muted">Send a message to start. Responses stream token by token.</p> : null}
          {messages.map((m, i) => (
            <div key={i} className={m.role === "user" ? "flex justify-end" : "flex justify-start"}>
              <div className={`max-w-[85%] whitespace-pre-wrap rounded-lg px-3 py-2 text-sm ${m.role === "user" ? "bg-accent text-accent-fg" : "bg-subtle"}`} data-testid={`msg-${m.role}`}>
                {m.content || (streaming && i === messages.length - 1 ? "…" : "")}
              </div>
            </div>
          ))}
        </div>
        <div className="border-t border-line p-3">
          <FormError message={error} />
          {stats ? <p className="mb-2 text-xs text-muted">{stats}</p> : null}
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <Textarea
              aria-label="Message"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  void send();
                }
              }}
              placeholder={canUse ? "Message… (Enter to send, Shift+Enter for a new line)" : "Your role cannot use the playground"}
              rows={2}
              disabled={!canUse}
              className="flex-1"
            />
            {streaming ? (
              <Button variant="secondary" onClick={() => abort.current?.abort()} aria-label="Stop">
                <Square className="size-4" />
              </Button>
            ) : (
              <Button type="submit" disabled={!canUse || !input.trim() || !apiKey.trim()} aria-label="Send">
                <Send className="size-4" />
              </Button>
            )}
          </form>
        </div>
      </div>
    </div>
  );
}
