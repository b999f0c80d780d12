import type { IncomingMessage } from "node:http";
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

/** The body as text, via plain stream events (an async iterator per request costs measurably more). */
function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let rest: Buffer[] | null = null;
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.resume(); // discard the rest; the 413 goes out on this connection
        reject(tooLarge(maxBytes));
        return;
      }
      if (first === null) first = chunk;
      else (rest ??= [first]).push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const buf = rest ? Buffer.concat(rest, size) : first;
      resolve(buf ? buf.toString("utf8") : "");
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      // Closed before the end: the client went away mid-body.
      if (!req.complete) onError(new Error("client disconnected while sending the body"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
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
