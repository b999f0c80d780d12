import type { IncomingMessage } from "node:http";
import { collectText } from "./collect-text.js";
import { GatewayError, invalidRequest } from "./errors.js";

/** Maximum JSON nesting accepted, so a hostile body can't make later recursive walks blow the stack. */
const MAX_DEPTH = 64;

/**
 * Reads and parses a JSON body with a hard size cap: a declared content-length over the cap is refused
 * before reading; a chunked body is cut off as soon as it crosses the cap (413 either way).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? -1);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readText(req, maxBytes);
  if (text.length === 0) throw invalidRequest("The request body is empty; expected a JSON object.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalidRequest(`The request body is not valid JSON: ${(e as Error).message}`, null, "invalid_json");
  }
  if (tooDeep(json, 0)) throw invalidRequest(`The request body nests deeper than ${MAX_DEPTH} levels.`, null, "too_deep");
  return json;
}

/** The body as text; a body over the cap is discarded (the 413 goes out on this connection). */
function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return collectText(req, maxBytes, {
    tooLarge: () => {
      req.resume();
      return tooLarge(maxBytes);
    },
    // Closed before the end: the client went away mid-body.
    prematureClose: () => (req.complete ? null : new Error("client disconnected while sending the body")),
  });
}

function tooLarge(max: number): GatewayError {
  return new GatewayError(413, `The request body exceeds the limit of ${max} bytes.`, "invalid_request_error", "request_too_large");
}

function tooDeep(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object" && tooDeep(v, depth + 1)) return true;
    return false;
  }
  for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === "object" && tooDeep(v, depth + 1)) return true;
  }
  return false;
}
