export type {
  AdmitInput,
  AdmitResult,
  BudgetInput,
  BudgetState,
  Denial,
  Limiter,
  LimiterSource,
  LimitScope,
  RateLimits,
  ScopeRateState,
  SettleInput,
  SettleResult,
  WindowState,
} from "./types.js";
export { createRedisLimiter, type RedisLike, type RedisLimiter, type RedisLimiterOptions, type SpendFigures } from "./redis-limiter.js";
export { createLocalLimiter, type LocalLimiter } from "./local-limiter.js";
export { createNoopLimiter } from "./noop-limiter.js";
export {
  createFailoverLimiter,
  LimiterUnavailableError,
  type FailoverLimiter,
  type FailoverLimiterOptions,
} from "./failover-limiter.js";
export { formatResetDuration, rateLimitHeaders } from "./headers.js";
export {
  BUDGET_PERIODS,
  computePeriodKey,
  isoWeek,
  periodOfKey,
  periodResetAt,
  periodStartAt,
  type BudgetPeriod,
} from "./periods.js";
export { InvalidAmountError, MAX_PICO, toPico, type Pico } from "./money.js";
export { InvalidIdError, tenantKeys, type TenantKeys } from "./key-layout.js";
export {
  DEFAULT_RESERVATION_TTL_MS,
  InvalidLimitInputError,
  MAX_RESERVATION_TTL_MS,
  WINDOW_MS,
} from "./results.js";
