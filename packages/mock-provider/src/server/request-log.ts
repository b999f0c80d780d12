import type { IncomingHttpHeaders } from "node:http";

/** What the mock saw of one request; tests use it to assert what a gateway sent upstream. */
export interface RecordedRequest {
  /** 1-based arrival order since start (or the last reset). */
  seq: number;
  /** Arrival time, epoch milliseconds. */
  time: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** Status the mock answered with; undefined while pending or when the socket was reset/hung. */
  status?: number;
  /** Fault injected into this request, if any. */
  fault?: string;
  /** The client closed the connection before the response ended (and when). */
  clientAborted?: boolean;
  closedAt?: number;
}

/** A fixed-size ring of the most recent requests, so a long benchmark cannot exhaust memory. */
export class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private start = 0;
  private seq = 0;

  constructor(private readonly limit: number) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RecordedRequest): void {
    if (this.limit <= 0) return;
    if (this.entries.length < this.limit) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.limit;
  }

  /** Oldest first; with `limit`, only the most recent `limit` entries. */
  list(limit?: number): RecordedRequest[] {
    const ordered = this.entries.slice(this.start).concat(this.entries.slice(0, this.start));
    return limit !== undefined && limit < ordered.length ? ordered.slice(ordered.length - limit) : ordered;
  }

  clear(): void {
    this.entries.length = 0;
    this.start = 0;
    this.seq = 0;
  }
}
