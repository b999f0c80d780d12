import type { ServerResponse } from "node:http";
import { GatewayError } from "./errors.js";
import { writeHead } from "./response-meta.js";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string | number>): void {
  const payload = JSON.stringify(body);
  writeHead(res, status, ["content-type", "application/json", "content-length", Buffer.byteLength(payload)], headers);
  res.end(payload);
}

export function sendError(res: ServerResponse, err: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.status, err.body(), err.headers);
}
