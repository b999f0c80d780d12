/** Exponentially weighted moving average of time to first token per deployment (for `latency` routing). */
export class LatencyStats {
  private readonly ewma = new Map<string, number>();

  constructor(private readonly alpha = 0.2) {}

  observe(id: string, ms: number): void {
    const prev = this.ewma.get(id);
    this.ewma.set(id, prev === undefined ? ms : prev + this.alpha * (ms - prev));
  }

  /** Unknown deployments report 0 so they get tried (and measured) first. */
  get(id: string): number {
    return this.ewma.get(id) ?? 0;
  }
}
