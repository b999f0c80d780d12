import type { ServerResponse } from "node:http";

/**
 * Facts about a response kept on the response object itself. Every writer builds its header list in
 * one go (writeHead with a flat array: no per-header setHeader, no header map), so values that every
 * response carries, like the request id, are read from here at write time.
 */
const REQUEST_ID = Symbol("switchboard.requestId");
const STREAM = Symbol("switchboard.stream");
const CLIENT_ABORT = Symbol("switchboard.clientAbort");

type Meta = ServerResponse & { [REQUEST_ID]?: string; [STREAM]?: boolean; [CLIENT_ABORT]?: AbortController };

export function setRequestId(res: ServerResponse, id: string): void {
  (res as Meta)[REQUEST_ID] = id;
}

export function requestIdOf(res: ServerResponse): string {
  return (res as Meta)[REQUEST_ID] ?? "";
}

/** A controller to abort when the client goes away before the response ended (see `responseClosed`). */
export function abortOnClientGone(res: ServerResponse, ac: AbortController): void {
  (res as Meta)[CLIENT_ABORT] = ac;
}

/** Called from the response's one close listener: aborts the request's work if the client left early. */
export function responseClosed(res: ServerResponse): void {
  const ac = (res as Meta)[CLIENT_ABORT];
  if (ac && !res.writableEnded) ac.abort(new Error("client disconnected"));
}

export function markStream(res: ServerResponse): void {
  (res as Meta)[STREAM] = true;
}

export function isStream(res: ServerResponse): boolean {
  return (res as Meta)[STREAM] === true;
}

/** writeHead with the request id, the given fixed headers and the caller's extra ones, as one flat list. */
export function writeHead(res: ServerResponse, status: number, fixed: (string | number)[], extra?: Record<string, string | number>): void {
  const list: (string | number)[] = ["x-request-id", requestIdOf(res), ...fixed];
  if (extra) for (const k in extra) list.push(k, extra[k]!);
  res.writeHead(status, list as unknown as string[]);
}
