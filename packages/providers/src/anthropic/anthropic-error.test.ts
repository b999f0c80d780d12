import { describe, expect, it } from "vitest";
import { readCassette } from "../__fixtures__/read-fixture.js";
import { parseAnthropicError } from "./anthropic-error.js";

describe("parseAnthropicError", () => {
  it("normalises the recorded 400 body", () => {
    const i = readCassette("anthropic", "test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml").interactions[0];
    const err = parseAnthropicError(i?.response.status.code ?? 0, {}, JSON.stringify(i?.response.parsed_body));
    expect(err).toMatchObject({
      status: 400,
      type: "invalid_request_error",
      code: "invalid_request_error",
      kind: "invalid_request",
      isRetryable: false,
      provider: "anthropic",
      message: "This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.",
    });
  });

  it("marks overload retryable, reads retry-after and spots context overflow", () => {
    const overloaded = parseAnthropicError(529, { "retry-after": "3" }, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    expect(overloaded).toMatchObject({ status: 529, type: "server_error", isRetryable: true, retryAfterMs: 3000, kind: "server" });
    const long = parseAnthropicError(400, {}, '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}');
    expect(long).toMatchObject({ kind: "context_length_exceeded", code: "context_length_exceeded", isRetryable: false });
    expect(parseAnthropicError(401, {}, "")).toMatchObject({ status: 401, kind: "auth", type: "authentication_error" });
    expect(parseAnthropicError(502, {}, "<html>bad gateway</html>")).toMatchObject({ status: 502, isRetryable: true, message: "<html>bad gateway</html>" });
  });
});
