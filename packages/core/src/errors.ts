/**
 * The one error type services throw on purpose. Routes and server actions translate `code` to an
 * HTTP status or a form message; anything else escaping a service is a bug (500).
 */
export type ServiceErrorCode = "forbidden" | "not_found" | "invalid" | "conflict" | "unauthorized" | "rate_limited";

export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** Field that made the input invalid, when there is one (mirrors OpenAI's `param`). */
    readonly param?: string,
  ) {
    super(message);
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

export const httpStatusOf: Record<ServiceErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};
