/**
 * Per-deployment circuit breaker: opens after `failureThreshold` consecutive failures, lets one probe
 * through after `cooldownMs` (half-open), closes on a success and re-opens on a failed probe.
 */
export interface CircuitBreakers {
  /** May a request go to this deployment now? (A half-open circuit admits one probe at a time.) */
  allow(id: string): boolean;
  onSuccess(id: string): void;
  onFailure(id: string): void;
  state(id: string): "closed" | "open" | "half_open";
}

interface Circuit {
  failures: number;
  openedAt: number | null;
  probing: boolean;
}

export class LocalCircuitBreakers implements CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(private readonly opts: { failureThreshold: number; cooldownMs: number; now?: () => number }) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private get(id: string): Circuit {
    let c = this.circuits.get(id);
    if (!c) {
      c = { failures: 0, openedAt: null, probing: false };
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
    c.failures = 0;
    c.openedAt = null;
    c.probing = false;
  }

  onFailure(id: string): void {
    const c = this.get(id);
    c.failures++;
    if (c.probing || c.failures >= this.opts.failureThreshold) {
      c.openedAt = this.now();
      c.probing = false;
    }
  }
}
