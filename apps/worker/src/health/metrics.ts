/** Counters and gauges in Prometheus text format; names carry their labels (`name{k="v"}`). */
export interface Metrics {
  inc(name: string, by?: number): void;
  set(name: string, value: number): void;
  render(): string;
}

export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  const gauges = new Map<string, number>();
  return {
    inc(name, by = 1) {
      counters.set(name, (counters.get(name) ?? 0) + by);
    },
    set(name, value) {
      gauges.set(name, value);
    },
    render() {
      const lines: string[] = [];
      for (const [k, v] of counters) lines.push(`sb_worker_${k} ${v}`);
      for (const [k, v] of gauges) lines.push(`sb_worker_${k} ${v}`);
      return `${lines.sort().join("\n")}\n`;
    },
  };
}
