import type { Limiter } from "@switchboard/limits";
import type { ProviderAdapter } from "@switchboard/spec";
import type { UsageProducer } from "@switchboard/queue";
import type { KeyCache } from "./auth/key-cache.js";
import type { Router } from "./routing/router.js";
import type { RetryPolicy } from "./upstream/attempts.js";
import type { ExecutorDeps } from "./upstream/execute-chat.js";
import type { Logger } from "./log.js";
import type { ResponseCache } from "./cache/response-cache.js";
import type { TenantSettingsCache } from "./tenancy/tenant-settings.js";
import type { GatewayMetrics } from "./observability/metrics.js";
import type { Tracing } from "@switchboard/telemetry";
import type { UsageJournal } from "./metering/journal.js";
import type { EarlyStart } from "./handlers/early-start.js";

/** Everything a request needs, assembled once at start-up (unkey-style typed context). */
export interface AppContext {
  keys: KeyCache;
  limiter: Limiter;
  /** Starts upstream calls alongside admission when a key has room to spare. */
  earlyStart: EarlyStart;
  usage: UsageProducer;
  /** Local write-ahead copy of usage events (crash safety); null when disabled. */
  journal: UsageJournal | null;
  router: Router;
  executor: ExecutorDeps;
  adapterFor(kind: string): ProviderAdapter;
  retryPolicy: RetryPolicy;
  maxBodyBytes: number;
  cache: ResponseCache;
  /** Tenants' own credentials (BYOK) and routes. */
  tenants: TenantSettingsCache;
  /** Prefix of every gateway key in Redis. */
  redisPrefix: string;
  log: Logger;
  metrics: GatewayMetrics;
  tracing: Tracing | null;
  /** Requests in flight, for graceful shutdown. */
  inflight: Set<Promise<unknown>>;
}
