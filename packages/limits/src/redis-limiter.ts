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
} from "./results.js";
import { SETTLE_LUA } from "./settle-script.js";
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

  async function admit(input: AdmitInput): Promise<AdmitResult> {
    const clock = new Date(input.nowMs ?? Date.now());
    const validated = validateAdmit(input, clock);
    const keys = tenantKeys(prefix, input.tenantId);
    const keyList = [keys.keyWindow(input.keyId), keys.tenantWindow(), keys.request(input.requestId)];
    const args: ScriptArg[] = [
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
      validated.budgets.length,
    ];
    for (const b of validated.budgets) {
      keyList.push(keys.budget(b.id, b.periodKey), keys.budgetReservations(b.id, b.periodKey));
      args.push(b.limitPico.toString(), b.mode === "hard" ? "1" : "0", b.expireAtMs);
    }
    const reply = await redis.switchboardLimitsAdmit(keyList.length, ...keyList, ...args);
    const parsed = parseAdmitReply(reply);
    const [keyRequests = 0, keyTokens = 0, tenantRequests = 0, tenantTokens = 0] = parsed.counts;
    return buildAdmitResult({
      input,
      validated,
      nowMs: parsed.nowMs,
      counts: { keyRequests, keyTokens, tenantRequests, tenantTokens },
      figures: parsed.figures,
      outcome: parsed.outcome,
      source: "redis",
    });
  }

  async function settle(input: SettleInput): Promise<SettleResult> {
    const at = new Date(input.nowMs ?? Date.now());
    const { costPico, budgets } = validateSettle(input, at);
    const keys = tenantKeys(prefix, input.tenantId);
    const spend = spendTargets(keys, input.keyId, at);
    const keyList = [
      keys.keyWindow(input.keyId),
      keys.tenantWindow(),
      keys.request(input.requestId),
      keys.settled(input.requestId),
    ];
    for (const b of budgets) keyList.push(keys.budget(b.id, b.periodKey), keys.budgetReservations(b.id, b.periodKey));
    for (const s of spend) keyList.push(s.key);
    const args: ScriptArg[] = [
      input.requestId,
      costPico.toString(),
      input.actualTokens,
      settledTtlMs,
      budgets.length,
      spend.length,
      ...budgets.map((b) => b.expireAtMs),
      ...spend.map((s) => s.expireAtMs),
    ];
    const reply = await redis.switchboardLimitsSettle(keyList.length, ...keyList, ...args);
    return { settled: Number(reply) === 1, source: "redis" };
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
