/** An error the fake answers with, in Stripe's envelope: `{ error: { type, code?, param?, message } }`. */
export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "idempotency_error" | "api_error" | "card_error",
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) error.code = this.code;
    if (this.param) error.param = this.param;
    if (this.code) error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    return { error };
  }
}

export function missingParam(param: string): StripeFakeError {
  return new StripeFakeError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);
}

export function invalidParam(param: string, message: string): StripeFakeError {
  return new StripeFakeError(400, "invalid_request_error", message, undefined, param);
}

export function noSuch(kind: string, id: string, param = "id"): StripeFakeError {
  return new StripeFakeError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);
}
