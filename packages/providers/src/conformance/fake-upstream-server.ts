// Test-only: a real HTTP server on 127.0.0.1 that speaks each provider's wire format. The scenario
// is chosen by the `x-scenario` header the adapters forward from UpstreamTarget.headers.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  anthropicJson,
  anthropicSse,
  errorResponse,
  geminiJson,
  geminiSse,
  openaiJson,
  openaiSse,
  SCENARIOS,
  type ErrorScenario,
  type ScenarioName,
  type Wire,
} from "./wire-scenarios.js";

export interface FakeUpstream {
  baseUrl: string;
  /** Parsed JSON bodies the server received, in order. */
  received: Array<{ wire: Wire; path: string; body: unknown }>;
  close(): Promise<void>;
}

function wireOf(req: IncomingMessage): Wire | undefined {
  const url = req.url ?? "";
  if (url.startsWith("/v1/chat/completions")) return "openai-compatible";
  if (url.startsWith("/v1/messages")) return "anthropic";
  if (url.startsWith("/v1beta/models/")) return "gemini";
  return undefined;
}

function authorized(wire: Wire, req: IncomingMessage): boolean {
  if (wire === "anthropic") return req.headers["x-api-key"] === "test-key" && req.headers["anthropic-version"] === "2023-06-01";
  if (wire === "gemini") return req.headers["x-goog-api-key"] === "test-key";
  return req.headers.authorization === "Bearer test-key";
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const received: FakeUpstream["received"] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const wire = wireOf(req);
      const text = await readBody(req);
      if (!wire) {
        res.writeHead(404).end();
        return;
      }
      const body: unknown = JSON.parse(text);
      received.push({ wire, path: req.url ?? "", body });
      const scenario = String(req.headers["x-scenario"] ?? "text");
      const sendError = (e: ErrorScenario): void => {
        const r = errorResponse(wire, e);
        res.writeHead(r.status, { "content-type": "application/json", ...r.headers }).end(r.body);
      };
      if (!authorized(wire, req)) return sendError("unauthorized");
      if (scenario in SCENARIOS === false) return sendError(scenario as ErrorScenario);
      const spec = SCENARIOS[scenario as ScenarioName];
      const stream = wire === "gemini" ? (req.url ?? "").includes(":streamGenerateContent?alt=sse") : (body as { stream?: boolean }).stream === true;
      if (!stream) {
        const json = wire === "anthropic" ? anthropicJson(spec) : wire === "gemini" ? geminiJson(spec) : openaiJson(spec);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(json));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const events = wire === "anthropic" ? anthropicSse(spec) : wire === "gemini" ? geminiSse(spec) : openaiSse(spec);
      // Write in uneven slices across ticks so the client sees real chunk boundaries.
      const all = events.join("");
      for (let i = 0; i < all.length; i += 37) {
        res.write(all.slice(i, i + 37));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
