// One knob set, read from four places (README "Knobs"): server options < x-mock-* headers <
// [[mock ...]] directives in the last user message < admin scenarios. A single table maps the
// spelling used in each place so the sources cannot drift apart.

export const FAULTS = ["reset", "hang", "stall", "cut", "malformed", "no_done"] as const;
export type Fault = (typeof FAULTS)[number];

export const ERROR_KINDS = [
  "context_length",
  "content_filter",
  "rate_limit",
  "overloaded",
  "server",
  "auth",
  "bad_request",
  "not_found",
  "timeout",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface Knobs {
  /** HTTP status to answer with (>= 400 answers the provider's error body). */
  status?: number;
  /** Seconds, sent as Retry-After (and retry-after-ms / RetryInfo where the provider does). */
  retryAfter?: number;
  latencyMs?: number;
  ttftMs?: number;
  /** Output tokens per second while streaming (0 = no pacing). */
  tps?: number;
  /** Number of content chunks a stream is split into. */
  chunks?: number;
  fault?: Fault;
  /** stall / cut: number of SSE events written before the fault. */
  after?: number;
  /** malformed: 1-based SSE event that is replaced by garbage. */
  at?: number;
  /** Number of parallel tool calls. */
  tools?: number;
  cached?: number;
  cacheWrite?: number;
  reasoning?: number;
  /** Target length of the reply in word tokens. */
  tokens?: number;
  error?: ErrorKind;
  /** Failure knobs apply only to the first `times` requests with the same directive and model. */
  times?: number;
}

type KnobKey = keyof Knobs;
type ValueKind = "int" | "number" | "fault" | "error";

/** [directive key, knob key, value kind]; header name = "x-mock-" + directive key with "-". */
const TABLE: ReadonlyArray<readonly [string, KnobKey, ValueKind]> = [
  ["status", "status", "int"],
  ["retry_after", "retryAfter", "number"],
  ["latency_ms", "latencyMs", "number"],
  ["ttft_ms", "ttftMs", "number"],
  ["tps", "tps", "number"],
  ["chunks", "chunks", "int"],
  ["fault", "fault", "fault"],
  ["after", "after", "int"],
  ["at", "at", "int"],
  ["tools", "tools", "int"],
  ["cached", "cached", "int"],
  ["cache_write", "cacheWrite", "int"],
  ["reasoning", "reasoning", "int"],
  ["tokens", "tokens", "int"],
  ["error", "error", "error"],
  ["times", "times", "int"],
];

const BY_NAME = new Map<string, readonly [string, KnobKey, ValueKind]>();
for (const row of TABLE) {
  BY_NAME.set(row[0], row);
  BY_NAME.set(row[1], row);
}

/** Knob keys whose effect is a failure; `times` only gates these. */
export const FAILURE_KEYS: readonly KnobKey[] = ["status", "retryAfter", "fault", "after", "at", "error"];

function parseValue(kind: ValueKind, raw: unknown): Knobs[KnobKey] | undefined {
  if (kind === "fault") return FAULTS.find((f) => f === raw);
  if (kind === "error") return ERROR_KINDS.find((e) => e === raw);
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  return kind === "int" ? Math.floor(n) : n;
}

/**
 * Sets one knob from its directive/header/camelCase name. Returns false when the name is unknown
 * or the value does not parse (callers decide whether that is an error or is ignored).
 */
export function setKnob(knobs: Knobs, name: string, raw: unknown): boolean {
  const row = BY_NAME.get(name);
  if (!row) return false;
  const value = parseValue(row[2], raw);
  if (value === undefined) return false;
  (knobs as Record<KnobKey, unknown>)[row[1]] = value;
  return true;
}

/** Reads x-mock-* headers in one pass over rawHeaders (cheaper than building req.headers). */
export function knobsFromRawHeaders(rawHeaders: readonly string[]): { knobs: Knobs; source: string } | undefined {
  let knobs: Knobs | undefined;
  let source = "";
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length <= 7) continue;
    const c = name.charCodeAt(0);
    if (c !== 120 && c !== 88) continue; // 'x' | 'X'
    const lower = name.toLowerCase();
    if (!lower.startsWith("x-mock-")) continue;
    knobs ??= {};
    const value = rawHeaders[i + 1] as string;
    if (setKnob(knobs, lower.slice(7).replaceAll("-", "_"), value)) source += `${lower}=${value};`;
  }
  return knobs ? { knobs, source } : undefined;
}

/** Copies the defined knobs of each layer over the previous ones (later layers win). */
export function mergeKnobs(...layers: Array<Knobs | undefined>): Knobs {
  const out: Knobs = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(layer) as KnobKey[]) {
      const value = layer[key];
      if (value !== undefined) (out as Record<KnobKey, unknown>)[key] = value;
    }
  }
  return out;
}

/** Removes the failure knobs (used once a `times` budget is spent). */
export function withoutFailures(knobs: Knobs): Knobs {
  const out = { ...knobs };
  for (const key of FAILURE_KEYS) delete out[key];
  return out;
}
