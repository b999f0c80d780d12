import type { ServerResponse } from "node:http";
import { markStream, writeHead } from "./response-meta.js";

export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

/** Server-sent events out to the client: headers once, then `data:` frames written as they come. */
export class SseWriter {
  private opened = false;
  /** Frames gathered by `batch`, written as one chunk (one chunked-encoding frame, one socket write). */
  private pending: string | null = null;

  constructor(private readonly res: ServerResponse, private readonly headers: Record<string, string>) {}

  get started(): boolean {
    return this.opened;
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    markStream(this.res);
    // No flushHeaders: the headers leave with the first frame, in the same write.
    writeHead(this.res, 200, ["content-type", SSE_CONTENT_TYPE, "cache-control", "no-cache", "connection", "keep-alive", "x-accel-buffering", "no"], this.headers);
  }

  data(json: string): void {
    this.write(`data: ${json}\n\n`);
  }

  event(name: string, json: string): void {
    this.write(`event: ${name}\ndata: ${json}\n\n`);
  }

  /** Runs `fn`, sending every frame it writes together at the end (what one upstream read produced). */
  batch(fn: () => void): void {
    if (this.pending !== null) return fn();
    this.pending = "";
    try {
      fn();
    } finally {
      const out = this.pending;
      this.pending = null;
      if (out) this.write(out);
    }
  }

  private write(frame: string): void {
    if (this.pending !== null) {
      this.pending += frame;
      return;
    }
    this.open();
    this.res.write(frame);
  }

  /**
   * Hands what was written so far to the socket now. Node corks the socket on a response's write and uncorks
   * it on the next tick, which comes only after every pending promise callback: after the first frame, that
   * is the decoding and rendering of everything else the same upstream read brought.
   */
  flush(): void {
    const socket = this.res.socket;
    if (socket && socket.writableCorked > 0) socket.uncork();
  }

  end(): void {
    this.open();
    this.res.end();
  }
}
