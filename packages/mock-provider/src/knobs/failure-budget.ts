/**
 * Counts requests per (directive, model) so `times=N` fails the first N and lets the rest
 * through: a retrying client sees failures, then success, without any test-side state.
 */
export class FailureBudget {
  private readonly counts = new Map<string, number>();

  /** Records one request; true while it is still within the first `times`. */
  consume(key: string, times: number): boolean {
    const seen = this.counts.get(key) ?? 0;
    this.counts.set(key, seen + 1);
    return seen < times;
  }

  clear(): void {
    this.counts.clear();
  }
}
