import { Redis } from "ioredis";
import { createPrismaClient } from "@switchboard/db";
import { createFailoverLimiter, createLocalLimiter, createRedisLimiter, type Limiter } from "@switchboard/limits";
import { getAdapter } from "@switchboard/providers";
import { createUsageProducer, type UsageProducer } from "@switchboard/queue";
import { KeyCache, defaultKeyCacheOptions, subscribeInvalidations } from "./auth/key-cache.js";
import { createKeyLoader } from "./auth/key-loader.js";
import type { AppContext } from "./context.js";
import type { GatewayEnv } from "./env.js";
import { createLogger } from "./log.js";
import { RoutingTable } from "./routing/table.js";
import { loadRoutingConfig, watchRoutingConfig } from "./routing/config.js";
import { Router } from "./routing/router.js";
import { ResponseCache } from "./cache/response-cache.js";
import { GatewayMetrics } from "./observability/metrics.js";
import { initTracing } from "@switchboard/telemetry";
import { UsageJournal } from "./metering/journal.js";
import { TenantSettingsCache, createTenantSettingsLoader } from "./tenancy/tenant-settings.js";
import { parseKeyring } from "@switchboard/keys";
import { createGatewayServer } from "./server.js";
import { EarlyStart } from "./handlers/early-start.js";
import { retryPolicyFrom } from "./upstream/attempts.js";
import { BREAKER_CHANNEL, CircuitBreakerRegistry, decodeBreakerEvent, encodeBreakerEvent } from "./upstream/circuit-breaker.js";
import { UpstreamHttp } from "./upstream/http-client.js";

export interface Gateway {
  ctx: AppContext;
  server: import("node:http").Server;
  /** Resolves with the bound port once listening. */
  listen(): Promise<number>;
  /** Graceful: stop accepting, drain in-flight requests and buffered usage events, close connections. */
  close(): Promise<void>;
}

/** Assemble the gateway from a validated environment (used by main.ts and by in-process tests). */
/** Swappable capabilities (unkey-style): benchmarks measure the bare path with no-op limits and metering. */
export interface GatewayOverrides {
  limiter?: Limiter;
  usage?: UsageProducer;
}

export async function createGateway(env: GatewayEnv, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const log = createLogger("gateway", env.LOG_LEVEL);
  // No auto-pipelining: the hot-path calls (admits, settles, usage events) are already batched per tick by
  // their owners, and ioredis's pipelines cost more (objects per tick, writes deferred) than they saved (measured).
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on("error", (e: Error) => log.warn("redis error", { err: e.message }));
  subscriber.on("error", (e: Error) => log.warn("redis subscriber error", { err: e.message }));
  await new Promise<void>((resolve) => (redis.status === "ready" ? resolve() : redis.once("ready", () => resolve())));
  const db = createPrismaClient(env.DATABASE_URL);

  const keys = new KeyCache(redis, createKeyLoader(db), defaultKeyCacheOptions);
  const tenants = new TenantSettingsCache(createTenantSettingsLoader(db, env.SECRETS_KEYRING ? parseKeyring(env.SECRETS_KEYRING) : null, (msg, f) => log.error(msg, f)), redis);
  await subscribeInvalidations(subscriber, keys, (tenantId) => tenants.evict(tenantId), (err) => log.warn("invalidation subscriber error", { err: String(err) })).catch((e: unknown) => log.warn("invalidation subscribe failed", { err: String(e) }));

  const limiter = overrides.limiter ?? createFailoverLimiter({
    primary: createRedisLimiter({ redis, prefix: env.REDIS_PREFIX }),
    fallback: createLocalLimiter(),
    // Fall back only when Redis is really gone: a busy host can take a few hundred ms, and a
    // needless fallback trades exact shared limits for per-replica ones.
    timeoutMs: 1_500,
    onStateChange: (state) => log.warn("limiter state", { state }),
  });
  const usage = overrides.usage ?? createUsageProducer(env.REDIS_URL, { onError: (err, c) => log.warn("usage enqueue failed; buffering", { err: String(err), ...c }) });
  const tracing = initTracing(env.OTEL_EXPORTER_OTLP_ENDPOINT, "switchboard-gateway");
  const journal = env.USAGE_JOURNAL_DIR === "off" ? null : new UsageJournal(env.USAGE_JOURNAL_DIR, usage, (msg, f) => log.error(msg, f));
  // Events journaled by a gateway that died before Redis had them: publish them now (deduplicated downstream).
  void journal?.recover().then((n) => n > 0 && log.warn("replayed usage events from a previous process", { events: n }));
  const loaded = loadRoutingConfig(env.SWITCHBOARD_CONFIG);
  const policy = retryPolicyFrom(loaded.config.defaults);
  const router = new Router(new RoutingTable(loaded, env.providerEnv, env.MOCK_PROVIDER_URL), policy);
  const stopWatching = watchRoutingConfig(env.SWITCHBOARD_CONFIG, (next) => {
    router.setTable(new RoutingTable(next, env.providerEnv, env.MOCK_PROVIDER_URL));
    log.info("config reloaded", { file: env.SWITCHBOARD_CONFIG, routes: next.config.routes.length });
  }, (err) => log.error("config reload rejected; keeping the running config", { err: String(err) }));
  const http = new UpstreamHttp({ connectTimeoutMs: loaded.config.defaults.timeouts?.connect_ms ?? 10_000, connectionsPerOrigin: env.UPSTREAM_MAX_CONNECTIONS, allowPrivateByok: env.ALLOW_PRIVATE_UPSTREAMS });
  const cb = loaded.config.defaults.circuit_breaker ?? {};
  const breakers = new CircuitBreakerRegistry({
    failureThreshold: cb.failure_threshold ?? 5,
    cooldownMs: cb.cooldown_ms ?? 30_000,
    ...(cb.error_rate !== undefined && { errorRate: cb.error_rate }),
    ...(cb.min_requests !== undefined && { minRequests: cb.min_requests }),
    ...(cb.window_ms !== undefined && { windowMs: cb.window_ms }),
    // Tell the other replicas; a lost publish only costs them a few failures of their own.
    broadcast: (e) => void redis.publish(BREAKER_CHANNEL, encodeBreakerEvent(e)).catch(() => {}),
  });
  subscriber.on("message", (channel: string, message: string) => {
    if (channel !== BREAKER_CHANNEL) return;
    const e = decodeBreakerEvent(message);
    if (e) breakers.apply(e);
  });
  await subscriber.subscribe(BREAKER_CHANNEL).catch((e: unknown) => log.warn("breaker subscribe failed", { err: String(e) }));

  const earlyStart = new EarlyStart(env.EARLY_START === "on");
  const ctx: AppContext = {
    keys,
    limiter,
    earlyStart,
    usage,
    journal,
    router,
    executor: { tracing, http, breakers, adapterFor: getAdapter, maxUpstreamBodyBytes: env.MAX_UPSTREAM_BODY_BYTES, onFirstToken: (id, ms) => router.latency.observe(id, ms) },
    adapterFor: getAdapter,
    retryPolicy: policy,
    maxBodyBytes: env.MAX_BODY_BYTES,
    cache: new ResponseCache(redis),
    tenants,
    redisPrefix: env.REDIS_PREFIX,
    log,
    tracing,
    metrics: new GatewayMetrics({ circuits: () => breakers.snapshot(), usageBuffered: () => usage.bufferedCount(), usageDropped: () => usage.droppedCount(), earlyStartsCancelled: () => earlyStart.cancelled }),
    inflight: new Set(),
  };

  const server = createGatewayServer(ctx, { ready: async () => (await redis.ping().catch(() => "")) === "PONG" });
  let closing: Promise<void> | null = null;
  return {
    ctx,
    server,
    listen: () =>
      new Promise((resolve) => {
        server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () => {
          const addr = server.address();
          const port = typeof addr === "object" && addr ? addr.port : env.GATEWAY_PORT;
          log.info(`gateway listening on http://${env.GATEWAY_HOST}:${port}/v1`, { providers: [...router.table().providers.keys()] });
          resolve(port);
        });
      }),
    close: () =>
      (closing ??= (async () => {
        stopWatching();
        log.info("shutting down: draining in-flight requests", { inflight: ctx.inflight.size });
        server.drain();
        server.close();
        server.closeIdleConnections();
        const deadline = Date.now() + env.SHUTDOWN_GRACE_MS;
        while (ctx.inflight.size > 0 && Date.now() < deadline) {
          await Promise.race([Promise.allSettled([...ctx.inflight]), new Promise((r) => setTimeout(r, 250))]);
          // A finished stream leaves its keep-alive socket idle: close it before it brings another request.
          server.closeIdleConnections();
        }
        // Cut whatever is left before the producer closes, so those requests' (cancelled) events are still published.
        server.closeAllConnections();
        await Promise.race([Promise.allSettled([...ctx.inflight]), new Promise((r) => setTimeout(r, 1_000))]);
        const left = await usage.close(5_000);
        if (left > 0) log.error("usage events left unsent at shutdown; kept in the journal for the next start", { left });
        journal?.close(left === 0);
        await Promise.allSettled([http.close(), db.$disconnect(), tracing?.shutdown()]);
        redis.disconnect();
        subscriber.disconnect();
        log.info("stopped");
      })()),
  };
}
