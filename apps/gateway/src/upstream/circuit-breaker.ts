/**
 * Per-deployment circuit breakers. A circuit opens after `failureThreshold` consecutive failures or
 * when the error rate over `windowMs` exceeds `errorRate` (with at least `minRequests`); after
 * `cooldownMs` it lets one probe through (half-open), closes on its success, re-opens on its failure.
 * Opening and closing are broadcast (Redis pub/sub) so every replica skips a broken deployment.
 */
export interface CircuitBreakers {
  /** May a request go to this deployment now? (A half-open circuit admits one probe at a time.) */
  allow(id: string): boolean;
  onSuccess(id: string): void;
  onFailure(id: string): void;
  state(id: string): "closed" | "open" | "half_open";
}

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  errorRate?: number;
  minRequests?: number;
  windowMs?: number;
  now?: () => number;
  /** Called when this replica opens or closes a circuit, to tell the others. */
  broadcast?: (event: BreakerEvent) => void;
}

export type BreakerEvent = { type: "open"; id: string; openedAt: number } | { type: "close"; id: string };

interface Circuit {
  consecutive: number;
  openedAt: number | null;
  probing: boolean;
  /** Outcomes in the current window (1 = failure). */
  window: Array<{ t: number; failed: boolean }>;
}

export class CircuitBreakerRegistry implements CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(private readonly opts: BreakerOptions) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private get(id: string): Circuit {
    let c = this.circuits.get(id);
    if (!c) {
      c = { consecutive: 0, openedAt: null, probing: false, window: [] };
      this.circuits.set(id, c);
    }
    return c;
  }

  state(id: string): "closed" | "open" | "half_open" {
    const c = this.circuits.get(id);
    if (!c || c.openedAt === null) return "closed";
    return this.now() - c.openedAt >= this.opts.cooldownMs ? "half_open" : "open";
  }

  allow(id: string): boolean {
    const s = this.state(id);
    if (s === "closed") return true;
    if (s === "open") return false;
    const c = this.get(id);
    if (c.probing) return false;
    c.probing = true;
    return true;
  }

  onSuccess(id: string): void {
    const c = this.circuits.get(id);
    if (!c) return;
    this.record(c, false);
    c.consecutive = 0;
    if (c.openedAt !== null) {
      c.openedAt = null;
      c.probing = false;
      c.window = [];
      this.opts.broadcast?.({ type: "close", id });
    }
  }

  onFailure(id: string): void {
    const c = this.get(id);
    this.record(c, true);
    c.consecutive++;
    if (c.probing || c.consecutive >= this.opts.failureThreshold || this.rateTripped(c)) {
      c.openedAt = this.now();
      c.probing = false;
      this.opts.broadcast?.({ type: "open", id, openedAt: c.openedAt });
    }
  }

  /** Every known circuit and its state (for /metrics). */
  snapshot(): Array<{ id: string; state: "closed" | "open" | "half_open" }> {
    return [...this.circuits.keys()].map((id) => ({ id, state: this.state(id) }));
  }

  /** Apply another replica's decision. */
  apply(event: BreakerEvent): void {
    const c = this.get(event.id);
    if (event.type === "open") {
      if (c.openedAt === null || event.openedAt > c.openedAt) c.openedAt = event.openedAt;
      c.probing = false;
    } else {
      c.openedAt = null;
      c.consecutive = 0;
      c.probing = false;
      c.window = [];
    }
  }

  private record(c: Circuit, failed: boolean): void {
    if (!this.opts.errorRate) return;
    const now = this.now();
    c.window.push({ t: now, failed });
    const from = now - (this.opts.windowMs ?? 60_000);
    while (c.window.length > 0 && c.window[0]!.t < from) c.window.shift();
    if (c.window.length > 1000) c.window.splice(0, c.window.length - 1000);
  }

  private rateTripped(c: Circuit): boolean {
    if (!this.opts.errorRate) return false;
    const n = c.window.length;
    if (n < (this.opts.minRequests ?? 20)) return false;
    const failed = c.window.reduce((a, o) => a + (o.failed ? 1 : 0), 0);
    return failed / n > this.opts.errorRate;
  }
}

export const BREAKER_CHANNEL = "sb:cb:events";

export function encodeBreakerEvent(e: BreakerEvent): string {
  return JSON.stringify(e);
}

export function decodeBreakerEvent(s: string): BreakerEvent | null {
  try {
    const v = JSON.parse(s) as BreakerEvent;
    return v && typeof v.id === "string" && (v.type === "open" || v.type === "close") ? v : null;
  } catch {
    return null;
  }
}
