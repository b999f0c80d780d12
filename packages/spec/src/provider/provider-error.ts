export type ProviderErrorKind =
  | "context_length_exceeded"
  | "content_filter"
  | "rate_limit"
  | "auth"
  | "invalid_request"
  | "server"
  | "timeout"
  | "connection";

export interface ProviderErrorInit {
  message: string;
  status: number;
  type?: string;
  code?: string | null;
  param?: string | null;
  isRetryable?: boolean;
  retryAfterMs?: number;
  kind?: ProviderErrorKind;
  provider?: string;
  cause?: unknown;
}

/** Retry is worth it for timeouts, conflicts, rate limits and server faults (vercel/ai's rule). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function kindFromStatus(status: number): ProviderErrorKind | undefined {
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  if (status >= 400) return "invalid_request";
  return undefined;
}

function typeFromStatus(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** An upstream failure normalised to OpenAI's error vocabulary. */
export class ProviderError extends Error {
  status: number;
  type: string;
  code: string | null;
  param: string | null;
  isRetryable: boolean;
  retryAfterMs?: number;
  kind?: ProviderErrorKind;
  provider?: string;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ProviderError";
    this.status = init.status;
    this.type = init.type ?? typeFromStatus(init.status);
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.isRetryable = init.isRetryable ?? (init.kind === "connection" || isRetryableStatus(init.status));
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    const kind = init.kind ?? kindFromStatus(init.status);
    if (kind !== undefined) this.kind = kind;
    if (init.provider !== undefined) this.provider = init.provider;
  }

  /** The OpenAI error envelope a client sees for this failure. */
  toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}
