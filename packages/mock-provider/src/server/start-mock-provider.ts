import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resetState } from "../admin/admin-routes.js";
import { FailureBudget } from "../knobs/failure-budget.js";
import type { Knobs } from "../knobs/knobs.js";
import { type Scenario, type ScenarioInput, parseScenarioInput, ScenarioQueue } from "../scenarios/scenario-queue.js";
import { handleRequest, type ServerState } from "./pipeline.js";
import { type RecordedRequest, RequestLog } from "./request-log.js";

export interface MockProviderOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Delay before any answer (ms). */
  latencyMs?: number;
  /** Delay before the first token (ms); for non-streams added to the total time. */
  ttftMs?: number;
  /** Output pacing; 0 or absent = as fast as possible. */
  tokensPerSecond?: number;
  /** Content chunks per stream; absent = one token per chunk. */
  chunkCount?: number;
  /** Reply length in word tokens (default 20). */
  replyTokens?: number;
  /** Request body cap in bytes (default 20 MiB); larger bodies get a 413. */
  maxBodyBytes?: number;
  /** How many recent requests GET /__mock/requests keeps (default 500). */
  requestLogLimit?: number;
  /** Set false for benchmarks to skip recording entirely (default true). */
  recordRequests?: boolean;
  /** Ids listed by GET /v1/models. */
  models?: string[];
}

export interface MockProvider {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Recorded requests, oldest first. */
  requests(): RecordedRequest[];
  /** Clears the request log, queued scenarios and `times` counters. */
  reset(): void;
  /** Same as POST /__mock/scenarios; throws on an invalid scenario. */
  addScenario(input: ScenarioInput): Scenario;
}

export const DEFAULT_MODELS = [
  "mock-gpt",
  "gpt-4o-mini",
  "gpt-4.1-nano",
  "text-embedding-3-small",
  "claude-sonnet-4-5",
  "gemini-2.5-flash",
];

const DEFAULT_REPLY_TOKENS = 20;

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const defaults: Knobs = {};
  if (options.latencyMs !== undefined) defaults.latencyMs = options.latencyMs;
  if (options.ttftMs !== undefined) defaults.ttftMs = options.ttftMs;
  if (options.tokensPerSecond !== undefined) defaults.tps = options.tokensPerSecond;
  if (options.chunkCount !== undefined) defaults.chunks = options.chunkCount;

  const state: ServerState = {
    settings: { defaults, defaultTokens: options.replyTokens ?? DEFAULT_REPLY_TOKENS, models: options.models ?? DEFAULT_MODELS },
    log: new RequestLog(options.requestLogLimit ?? 500),
    recordRequests: options.recordRequests ?? true,
    scenarios: new ScenarioQueue(),
    budget: new FailureBudget(),
    maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    startedAt: Date.now(),
  };

  // requestTimeout 0: a "hang" fault must hang until the client gives up, not until Node's 300 s.
  const server = createServer({ requestTimeout: 0 }, (req, res) => handleRequest(state, req, res));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: () => state.log.list(),
    reset: () => resetState(state),
    addScenario: (input) => state.scenarios.add(parseScenarioInput(input)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Streams, stalls and hangs hold sockets open; close() must not wait for them.
        server.closeAllConnections();
      }),
  };
}
