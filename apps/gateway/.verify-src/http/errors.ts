/**
 * Every error the gateway returns, in OpenAI's envelope. Handlers throw GatewayError; the server
 * turns it into `{ error: { message, type, param, code } }` with the status and extra headers.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new GatewayError(400, message, "invalid_request_error", code, param);

export const notFound = (message: string, code = "not_found") => new GatewayError(404, message, "invalid_request_error", code);
