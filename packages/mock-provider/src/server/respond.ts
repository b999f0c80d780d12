import type { ServerResponse } from "node:http";
import type { Knobs } from "../knobs/knobs.js";
import type { RecordedRequest } from "./request-log.js";

export const JSON_HEADERS = { "content-type": "application/json" };

/** Runs `fn` after `ms`, or never if the client goes away first (no timer outlives its socket). */
export function afterDelay(res: ServerResponse, ms: number, fn: () => void): void {
  if (ms <= 0) {
    fn();
    return;
  }
  const timer = setTimeout(fn, ms);
  res.once("close", () => clearTimeout(timer));
}

/**
 * Sends a complete (non-streamed) body. Stream faults have non-stream analogues: stall and cut
 * send half the body then hang or drop the socket; malformed sends truncated JSON with a 200.
 */
export function sendBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  knobs: Knobs,
  record: RecordedRequest | undefined,
): void {
  if (res.destroyed) return;
  if (record) record.status = status;
  const fault = knobs.fault;
  if (fault === "stall" || fault === "cut" || fault === "malformed") {
    const half = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    if (fault === "malformed") {
      writeHeaders(res, status, headers);
      res.end(half);
      return;
    }
    res.writeHead(status, headers);
    res.flushHeaders();
    if (fault === "cut") res.write(half, () => res.destroy());
    else res.write(half);
    return;
  }
  writeHeaders(res, status, headers);
  res.end(body);
}

/** setHeader (not writeHead) so Node computes Content-Length on end() instead of chunking. */
function writeHeaders(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name] as string);
}

/** How long a non-streamed answer takes: time to first token plus generation at `tps`. */
export function generationDelay(knobs: Knobs, completionTokens: number): number {
  return (knobs.ttftMs ?? 0) + (knobs.tps ? (completionTokens * 1000) / knobs.tps : 0);
}

/** Marks the request log entry with the status a stream started with. */
export function statusRecorder(record: RecordedRequest | undefined): ((status: number) => void) | undefined {
  return record ? (status) => (record.status = status) : undefined;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  writeHeaders(res, status, JSON_HEADERS);
  res.end(JSON.stringify(value));
}
