import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { UsageEvent, UsageProducer } from "@switchboard/queue";

/**
 * A local write-ahead journal for usage events, so a gateway killed outright (SIGKILL, OOM) loses none:
 * every event is appended (synchronously, to the page cache — a process crash doesn't lose it) the moment
 * the request ends, before the asynchronous publish to Redis. Segments are deleted once everything in
 * them reached Redis. Live writers touch their segments every second; a segment of another instance
 * untouched for ORPHAN_AFTER_MS belongs to a dead process (PIDs are useless here: a restarted container
 * is PID 1 again) and is replayed. The worker's ON CONFLICT on request id makes a
 * replayed event harmless if it had in fact been delivered.
 */
interface Segment {
  file: string;
  fd: number;
  pending: number;
  closed: boolean;
}

const SEGMENT_MAX_EVENTS = 20_000;
const SEGMENT_MAX_AGE_MS = 30_000;
const ORPHAN_AFTER_MS = 5_000;

export class UsageJournal {
  private current: Segment | null = null;
  private readonly segments = new Set<Segment>();
  private seq = 0;
  private openedAt = 0;
  private events = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly instance = randomBytes(6).toString("hex");
  private recovering: Promise<number> | null = null;

  constructor(private readonly dir: string, private readonly producer: UsageProducer, private readonly onError: (msg: string, f: Record<string, unknown>) => void) {
    fs.mkdirSync(dir, { recursive: true });
    this.timer = setInterval(() => this.sweep(), 1_000);
    this.timer.unref();
  }

  /** Append the event; returns a handle to pass to `delivered` once Redis has it. */
  record(event: UsageEvent): Segment | null {
    try {
      const seg = this.segment();
      fs.writeSync(seg.fd, `${JSON.stringify(event)}\n`);
      seg.pending++;
      this.events++;
      return seg;
    } catch (err) {
      // A full or read-only disk must not fail requests: the event still goes to Redis.
      this.onError("usage journal write failed", { err: String(err) });
      return null;
    }
  }

  /** The event is in Redis (or in the producer's buffer, which `sweep` waits out). */
  delivered(seg: Segment | null): void {
    if (seg) seg.pending--;
  }

  /** Replay segments of gateway processes that are gone. Returns how many events were re-published. */
  recover(): Promise<number> {
    this.recovering ??= this.replayOrphans().finally(() => (this.recovering = null));
    return this.recovering;
  }

  private async replayOrphans(): Promise<number> {
    let replayed = 0;
    const now = Date.now();
    for (const name of fs.readdirSync(this.dir)) {
      const m = /^usage-([0-9a-f]+)-\d+\.jsonl$/.exec(name);
      if (!m || m[1] === this.instance) continue;
      const file = path.join(this.dir, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat || now - stat.mtimeMs < ORPHAN_AFTER_MS) continue;
      const lines = fs.readFileSync(file, "utf8").split("\n");
      for (const line of lines) {
        if (!line) continue;
        try {
          await this.producer.publish(JSON.parse(line) as UsageEvent);
          replayed++;
        } catch {
          // a torn last line (crash mid-write): nothing to replay
        }
      }
      if ((await this.producer.flush()) === 0) fs.rmSync(file, { force: true });
    }
    return replayed;
  }

  /** Graceful stop: once the producer has flushed everything, our segments are no longer needed. */
  close(allDelivered: boolean): void {
    clearInterval(this.timer);
    for (const seg of this.segments) {
      fs.closeSync(seg.fd);
      if (allDelivered) fs.rmSync(seg.file, { force: true });
    }
    this.segments.clear();
    this.current = null;
  }

  private segment(): Segment {
    const now = Date.now();
    if (!this.current || this.events >= SEGMENT_MAX_EVENTS || now - this.openedAt > SEGMENT_MAX_AGE_MS) {
      if (this.current) this.current.closed = true;
      const file = path.join(this.dir, `usage-${this.instance}-${++this.seq}.jsonl`);
      this.current = { file, fd: fs.openSync(file, "a"), pending: 0, closed: false };
      this.segments.add(this.current);
      this.openedAt = now;
      this.events = 0;
    }
    return this.current;
  }

  /** Keep our segments fresh (we are alive), adopt orphans, delete closed segments fully in Redis. */
  private sweep(): void {
    const now = new Date();
    for (const seg of this.segments) fs.utimes(seg.file, now, now, () => {});
    void this.recover().catch((err: unknown) => this.onError("usage journal recovery failed", { err: String(err) }));
    if (this.current && Date.now() - this.openedAt > SEGMENT_MAX_AGE_MS && this.current.pending === 0) this.current.closed = true;
    if (this.producer.bufferedCount() > 0) return;
    for (const seg of this.segments) {
      if (!seg.closed || seg.pending > 0) continue;
      fs.closeSync(seg.fd);
      fs.rmSync(seg.file, { force: true });
      this.segments.delete(seg);
      if (seg === this.current) this.current = null;
    }
  }
}
