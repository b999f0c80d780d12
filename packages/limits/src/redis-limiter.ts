import type { Cluster, Redis } from "ioredis";
import { ADMIT_LUA } from "./admit-script.js";
import { assertId, spendTargets, tenantKeys } from "./key-layout.js";
import { picoFromRedis, toPico, type Pico } from "./money.js";
import { computePeriodKey, type BudgetPeriod } from "./periods.js";
import {
  buildAdmitResult,
  resolveBudgets,
  validateAdmit,
  validateSettle,
  type BudgetFigures,
  type Outcome,
  type ResolvedBudget,
  type ValidatedAdmit,
} from "./results.js";
import { SETTLE_LUA } from "./settle-script.js";
import { createTickBatcher } from "./tick-batcher.js";
import type { AdmitInput, AdmitResult, BudgetInput, BudgetState, Limiter, SettleInput, SettleResult } from "./types.js";

export type RedisLike = Redis | Cluster;

export interface RedisLimiterOptions {
  redis: RedisLike;
  /** Namespace for every key (e.g. "sb:" in production, a unique prefix per test file). Must not contain braces. */
  prefix: string;
  /** How long a settled request id is remembered, making retried settles no-ops. Default 24 h. */
  settledTtlMs?: number;
}

export interface SpendFigures {
  periodKey: string;
  pico: Pico;
  requests: number;
  tokens: number;
}

export interface RedisLimiter extends Limiter {
  /** Live spend of a tenant (or one of its keys) in a period, as the dashboard shows it. */
  getSpend(tenantId: string, options: { keyId?: string; period: BudgetPeriod; at?: Date; periodKey?: string }): Promise<SpendFigures>;
  /** Current spent/reserved of one budget, without admitting anything. */
  getBudgetState(tenantId: string, budget: BudgetInput, at?: Date): Promise<BudgetState>;
  /**
   * Sets a budget period's spent figure if Redis has none yet (new budget, or Redis lost its data),
   * typically from the worker's Postgres rollups. Returns false when a figure was already there.
   */
  seedBudgetSpend(tenantId: string, budget: BudgetInput, spentPico: bigint, at?: Date): Promise<boolean>;
}

type ScriptArg = string | number;
interface LimitsCommands {
  switchboardLimitsAdmit(numKeys: number, ...args: ScriptArg[]): Promise<unknown>;
  switchboardLimitsSettle(numKeys: number, ...args: ScriptArg[]): Promise<unknown>;
}

const RECORD_MIN_TTL_MS = 2 * 60_000;
/** Calls per script run; a bigger tick is split (bounds the script's run time and argument count). */
const MAX_SETTLE_BATCH = 200;
const MAX_ADMIT_BATCH = 200;

/** The KEYS list of one batched script call: each distinct key once, referenced by its 1-based Lua index. */
function keyIndex(): { keyList: string[]; idx(key: string): number } {
  const keyList: string[] = [];
  const index = new Map<string, number>();
  return {
    keyList,
    idx(key) {
      let i = index.get(key);
      if (i === undefined) {
        i = keyList.push(key);
        index.set(key, i);
      }
      return i;
    },
  };
}

function installScripts(redis: RedisLike): RedisLike & LimitsCommands {
  // defineCommand sends EVALSHA and falls back to EVAL once per connection on NOSCRIPT.
  redis.defineCommand("switchboardLimitsAdmit", { lua: ADMIT_LUA });
  redis.defineCommand("switchboardLimitsSettle", { lua: SETTLE_LUA });
  return redis as RedisLike & LimitsCommands;
}

function parseAdmitReply(reply: unknown): { outcome: Outcome; nowMs: number; counts: number[]; figures: BudgetFigures[] } {
  if (!Array.isArray(reply) || reply.length < 7) throw new Error("unexpected admit script reply");
  const [status, deniedIndex, nowMs, kreq, ktok, treq, ttok] = reply as [string, number, number, number, number, number, number];
  const figures: BudgetFigures[] = [];
  for (let i = 7; i + 1 < reply.length; i += 2) {
    figures.push({ spent: picoFromRedis(String(reply[i])), reserved: picoFromRedis(String(reply[i + 1])) });
  }
  let outcome: Outcome;
  switch (status) {
    case "ok":
    case "dup":
      outcome = { status };
      break;
    case "key_rpm":
    case "key_tpm":
    case "tenant_rpm":
    case "tenant_tpm":
      outcome = { status };
      break;
    case "budget":
      outcome = { status, index: Number(deniedIndex) - 1 };
      break;
    default:
      throw new Error(`unexpected admit status ${String(status)}`);
  }
  return { outcome, nowMs: Number(nowMs), counts: [kreq, ktok, treq, ttok].map(Number), figures };
}

const limitArg = (limit: number | null): number => (limit === null ? -1 : limit);

export function createRedisLimiter(options: RedisLimiterOptions): RedisLimiter {
  const redis = installScripts(options.redis);
  const { prefix } = options;
  const settledTtlMs = options.settledTtlMs ?? 24 * 60 * 60_000;

  // Admits of one tick, per tenant: one script call (admit-script.ts), applied in order.
  interface QueuedAdmit {
    input: AdmitInput;
    validated: ValidatedAdmit;
    resolve(r: AdmitResult): void;
    reject(err: unknown): void;
  }
  const admits = createTickBatcher<QueuedAdmit>(sendAdmits, MAX_ADMIT_BATCH);

  function admit(input: AdmitInput): Promise<AdmitResult> {
    try {
      const validated = validateAdmit(input, new Date(input.nowMs ?? Date.now()));
      return new Promise<AdmitResult>((resolve, reject) => admits.add(input.tenantId, { input, validated, resolve, reject }));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async function sendAdmits(tenantId: string, batch: QueuedAdmit[]): Promise<void> {
    try {
      const keys = tenantKeys(prefix, tenantId);
      const { idx, keyList } = keyIndex();
      const args: ScriptArg[] = [batch.length];
      for (const { input, validated } of batch) {
        args.push(
          input.nowMs === undefined ? "" : String(input.nowMs),
          input.requestId,
          limitArg(input.keyLimits.rpm),
          limitArg(input.keyLimits.tpm),
          limitArg(input.tenantLimits.rpm),
          limitArg(input.tenantLimits.tpm),
          input.estimatedTokens,
          validated.reservePico.toString(),
          validated.reservationTtlMs,
          Math.max(validated.reservationTtlMs, RECORD_MIN_TTL_MS),
          idx(keys.keyWindow(input.keyId)),
          idx(keys.tenantWindow()),
          idx(keys.request(input.requestId)),
          validated.budgets.length,
        );
        for (const b of validated.budgets) {
          args.push(idx(keys.budget(b.id, b.periodKey)), idx(keys.budgetReservations(b.id, b.periodKey)), b.limitPico.toString(), b.mode === "hard" ? "1" : "0", b.expireAtMs);
        }
      }
      const replies = await redis.switchboardLimitsAdmit(keyList.length, ...keyList, ...args);
      if (!Array.isArray(replies) || replies.length !== batch.length) throw new Error("unexpected admit script reply");
      batch.forEach((q, i) => {
        try {
          q.resolve(admitResultOf(q, replies[i]));
        } catch (err) {
          q.reject(err);
        }
      });
    } catch (err) {
      for (const q of batch) q.reject(err);
    }
  }

  function admitResultOf(q: QueuedAdmit, reply: unknown): AdmitResult {
    const parsed = parseAdmitReply(reply);
    const [keyRequests = 0, keyTokens = 0, tenantRequests = 0, tenantTokens = 0] = parsed.counts;
    return buildAdmitResult({
      input: q.input,
      validated: q.validated,
      nowMs: parsed.nowMs,
      counts: { keyRequests, keyTokens, tenantRequests, tenantTokens },
      figures: parsed.figures,
      outcome: parsed.outcome,
      source: "redis",
    });
  }

  // Settles of one tick, per tenant (one script call per tenant: a tenant's keys share one cluster slot).
  interface QueuedSettle {
    input: SettleInput;
    at: Date;
    costPico: Pico;
    budgets: ResolvedBudget[];
    resolve(r: SettleResult): void;
    reject(err: unknown): void;
  }
  const settles = createTickBatcher<QueuedSettle>(sendSettles, MAX_SETTLE_BATCH);

  async function sendSettles(tenantId: string, batch: QueuedSettle[]): Promise<void> {
    try {
      const keys = tenantKeys(prefix, tenantId);
      const { idx, keyList } = keyIndex();
      const args: ScriptArg[] = [settledTtlMs, batch.length];
      for (const q of batch) {
        const { input, budgets } = q;
        args.push(input.requestId, q.costPico.toString(), input.actualTokens);
        args.push(idx(keys.keyWindow(input.keyId)), idx(keys.tenantWindow()), idx(keys.request(input.requestId)), idx(keys.settled(input.requestId)));
        args.push(budgets.length);
        for (const b of budgets) args.push(idx(keys.budget(b.id, b.periodKey)), idx(keys.budgetReservations(b.id, b.periodKey)), b.expireAtMs);
        const spend = spendTargets(keys, input.keyId, q.at);
        args.push(spend.length);
        for (const t of spend) args.push(idx(t.key), t.expireAtMs);
      }
      const reply = await redis.switchboardLimitsSettle(keyList.length, ...keyList, ...args);
      if (!Array.isArray(reply) || reply.length !== batch.length) throw new Error("unexpected settle script reply");
      batch.forEach((q, i) => q.resolve({ settled: Number(reply[i]) === 1, source: "redis" }));
    } catch (err) {
      for (const q of batch) q.reject(err);
    }
  }

  function settle(input: SettleInput): Promise<SettleResult> {
    try {
      const at = new Date(input.nowMs ?? Date.now());
      const { costPico, budgets } = validateSettle(input, at);
      return new Promise<SettleResult>((resolve, reject) => settles.add(input.tenantId, { input, at, costPico, budgets, resolve, reject }));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async function getSpend(
    tenantId: string,
    opts: { keyId?: string; period: BudgetPeriod; at?: Date; periodKey?: string },
  ): Promise<SpendFigures> {
    const keys = tenantKeys(prefix, tenantId);
    if (opts.keyId !== undefined) assertId(opts.keyId, "keyId");
    const periodKey = opts.periodKey ?? computePeriodKey(opts.period, opts.at ?? new Date());
    const key = opts.keyId === undefined ? keys.tenantSpend(periodKey) : keys.keySpend(opts.keyId, periodKey);
    const [pico, requests, tokens] = await redis.hmget(key, "pico", "requests", "tokens");
    return { periodKey, pico: picoFromRedis(pico), requests: Number(requests ?? 0), tokens: Number(tokens ?? 0) };
  }

  async function getBudgetState(tenantId: string, budget: BudgetInput, at = new Date()): Promise<BudgetState> {
    const [b] = resolveBudgets([budget], at);
    if (b === undefined) throw new Error("unreachable");
    const keys = tenantKeys(prefix, tenantId);
    const [spentRaw, reservedRaw] = await redis.hmget(keys.budget(b.id, b.periodKey), "spent", "reserved");
    const spent = picoFromRedis(spentRaw);
    const reserved = picoFromRedis(reservedRaw);
    const remaining = b.limitPico - spent - reserved;
    return {
      id: b.id,
      period: b.period,
      periodKey: b.periodKey,
      mode: b.mode,
      limitPico: b.limitPico,
      spentPico: spent,
      reservedPico: reserved,
      remainingPico: remaining > 0n ? remaining : 0n,
      exceeded: spent >= b.limitPico,
      resetAt: b.resetAt,
    };
  }

  async function seedBudgetSpend(tenantId: string, budget: BudgetInput, spentPico: bigint, at = new Date()): Promise<boolean> {
    const [b] = resolveBudgets([budget], at);
    if (b === undefined) throw new Error("unreachable");
    const amount = toPico(spentPico, "spentPico");
    const key = tenantKeys(prefix, tenantId).budget(b.id, b.periodKey);
    const created = await redis.hsetnx(key, "spent", amount.toString());
    if (created === 1 && b.expireAtMs > 0) await redis.pexpireat(key, b.expireAtMs);
    return created === 1;
  }

  return { admit, settle, getSpend, getBudgetState, seedBudgetSpend };
}
