import type { z } from "zod";
import type { ErrorEnvelope } from "./error-envelope.js";

/** `["messages", 0, "role"]` → `messages[0].role`, the way OpenAI names a bad parameter. */
export function formatParamPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describeValue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be of type ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array" || issue.origin === "string"
        ? `must have at least ${String(issue.minimum)} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
        : `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" || issue.origin === "string"
        ? `must have at most ${String(issue.maximum)} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
        : `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `must be one of ${options.map((v) => JSON.stringify(v)).join(", ")}`;
      return "does not match any of the accepted shapes";
    }
    default:
      return issue.message;
  }
}

/**
 * Turns the first zod issue into OpenAI's 400 body: `param` names the offending field
 * (`messages[0].role`) and the message reads like OpenAI's ("Invalid value for 'x': ...").
 */
export function zodErrorToOpenAIError(err: z.ZodError): ErrorEnvelope {
  const issue = err.issues[0];
  if (!issue) {
    return { error: { message: "Invalid request body.", type: "invalid_request_error", param: null, code: null } };
  }
  const param = formatParamPath(issue.path);
  const isMissing = issue.code === "invalid_type" && issue.input === undefined;
  const message =
    param === ""
      ? `Invalid request body: ${describeValue(issue)}.`
      : isMissing
        ? `Missing required parameter: '${param}'.`
        : `Invalid value for '${param}': ${describeValue(issue)}.`;
  return {
    error: {
      message,
      type: "invalid_request_error",
      param: param === "" ? null : param,
      code: isMissing ? "missing_required_parameter" : "invalid_value",
    },
  };
}
