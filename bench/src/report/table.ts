import type { TargetResult } from "../phases.js";
import type { BenchRun } from "../runner.js";

/** Markdown for a run: summary table (one row per target), added latency, streaming detail, target checks. */
export function renderMarkdown(run: BenchRun, command: string): string {
  const m = run.machine;
  const mock = run.results.find((r) => r.name === "mock");
  const sb = run.results.find((r) => r.name === "switchboard");
  const pk = run.results.find((r) => r.name === "portkey");
  const cfg = run.config;
  const lines: string[] = [];
  lines.push(`Run ${run.startedAt} (${cfg.mode} mode) on ${m.nproc} cores × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}.`);
  lines.push(`Command: \`${command}\`. Gateway under test pinned to core 0 (\`taskset -c 0\`); wrk, the mock upstream, Redis, Postgres and the harness on core 1.`);
  lines.push("");
  lines.push("### Summary");
  lines.push("");
  lines.push(row(["Target", "Throughput (req/s)", "Errors", "CPU / req (µs)", "RSS under load (MB)", "p50 / p99 @ 200 req/s (ms)", "p50 / p99 @ 1,000 req/s (ms)", "Stream TTFB p50 / p99 @ 200 req/s (ms)", "Stream TTLB p50 / p99 @ 200 req/s (ms)", `${cfg.slowStreams.count} slow streams: RSS (MB) / concurrent`, "Soak RSS growth"]));
  lines.push(row(Array(11).fill("---")));
  for (const r of run.results) lines.push(row(summaryCells(r)));
  for (const f of run.failures) lines.push(row([f.label, "not measured", "—", "—", "—", "—", "—", "—", "—", "—", "—"]));
  lines.push("");
  lines.push(`Throughput: wrk, 1 thread, ${cfg.connections} keep-alive connections, ${cfg.throughputS} s, non-streaming; the median of ${cfg.throughputRounds} round${cfg.throughputRounds > 1 ? "s" : ""} alternating between targets (${run.results.map((r) => `${r.name}: ${r.throughputRounds.map((x) => fmt(x.wrk.rps, 0)).join(", ")}`).join("; ")} req/s). Fixed rates: wrk paced to ${cfg.rates.map((r) => `${r.rps} req/s over ${r.connections} connection${r.connections > 1 ? "s" : ""}`).join(" and ")}, ${cfg.latencyS} s each. Streams: ${cfg.streamChunks} chunks each, timed by the harness's node:http client (TTFB = first body byte). CPU/req = utime+stime of the target's process during the throughput test ÷ successful requests${sb ? `; Switchboard's Redis adds ${fmt(sb.throughput.helperCpuUsPerReq.redis ?? NaN, 0)} µs/req on core 1` : ""}.`);
  for (const f of run.failures) lines.push(`\n${f.label} could not be measured: ${f.error.split("\n")[0]}`);

  if (mock) {
    lines.push("");
    lines.push("### Added latency over calling the mock directly (ms)");
    lines.push("");
    lines.push(row(["Target", ...cfg.rates.map((r) => `p50 / p90 / p99 @ ${r.rps} req/s`), ...cfg.rates.map((r) => `stream TTFB p50 / p99 @ ${r.rps} req/s`), `stream TTLB p50 @ ${cfg.rates[0]?.rps} req/s`]));
    lines.push(row(Array(2 + cfg.rates.length * 2).fill("---")));
    for (const r of run.results.filter((x) => x !== mock)) {
      const lat = cfg.rates.map((_, i) => {
        const a = r.latency[i]!.wrk.latencyUs;
        const b = mock.latency[i]!.wrk.latencyUs;
        return `${ms(a.p50 - b.p50)} / ${ms(a.p90 - b.p90)} / ${ms(a.p99 - b.p99)}`;
      });
      const ttfb = cfg.rates.map((_, i) => `${ms(r.streams[i]!.ttfbUs.p50 - mock.streams[i]!.ttfbUs.p50)} / ${ms(r.streams[i]!.ttfbUs.p99 - mock.streams[i]!.ttfbUs.p99)}`);
      lines.push(row([r.label, ...lat, ...ttfb, ms(r.streams[0]!.ttlbUs.p50 - mock.streams[0]!.ttlbUs.p50)]));
    }
  }

  lines.push("");
  lines.push("### Streaming and memory detail");
  lines.push("");
  lines.push(row(["Target", "Listens on", "Idle RSS (MB)", ...cfg.rates.map((r) => `@ ${r.rps}/s achieved: non-streaming / streams (errors)`), "Slow streams ok / opened", "TTFB p99 while holding (ms)", "Chunks per stream (reads) / spread (s)", "Soak: RSS start → end (peak) MB, errors", "Load avg before → after"]));
  lines.push(row(Array(8 + cfg.rates.length).fill("---")));
  for (const r of run.results) {
    const s = r.slowStreams;
    lines.push(
      row([
        r.label,
        r.bind || "?",
        fmt(r.idleRssMB, 1),
        ...r.streams.map((x, i) => `${fmt(r.latency[i]!.wrk.rps, 0)} / ${fmt(x.achievedRps, 0)} (${r.latency[i]!.wrk.errors + x.errors})`),
        `${s.completed} / ${s.opened}`,
        fmt(s.ttfbP99Ms, 1),
        `${fmt(s.medianReads, 0)} / ${fmt(s.medianSpreadMs / 1000, 1)} (mock paces ${fmt(s.expectedSpreadMs / 1000, 1)})`,
        r.soak ? `${fmt(r.soak.baselineMB, 1)} → ${fmt(r.soak.endMB, 1)} (${fmt(r.soak.peakMB, 1)}), ${r.soak.errors}` : "not soaked",
        `${fmt(r.loadAvg[0], 1)} → ${fmt(r.loadAvg[1], 1)}`,
      ]),
    );
  }

  if (sb) {
    lines.push("");
    lines.push("### Switchboard against its targets");
    lines.push("");
    lines.push(row(["Target", "Goal", "Measured", "Met"]));
    lines.push(row(["---", "---", "---", "---"]));
    for (const c of targetChecks(sb, mock, pk, cfg.slowStreams.count)) lines.push(row([c.what, c.goal, c.measured, c.met === null ? "n/a" : c.met ? "yes" : "**no**"]));
  }
  return lines.join("\n") + "\n";
}

interface Check {
  what: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

export function targetChecks(sb: TargetResult, mock: TargetResult | undefined, pk: TargetResult | undefined, slowCount: number): Check[] {
  const checks: Check[] = [];
  const ratio = pk ? sb.throughput.wrk.rps / pk.throughput.wrk.rps : NaN;
  checks.push({ what: "Saturation throughput vs Portkey", goal: "≥ 5×", measured: pk ? `${fmt(ratio, 1)}× (${fmt(sb.throughput.wrk.rps, 0)} vs ${fmt(pk.throughput.wrk.rps, 0)} req/s); CPU per request ${fmt(sb.throughput.cpuUsPerReq, 0)} µs (+${fmt(sb.throughput.helperCpuUsPerReq.redis ?? NaN, 0)} in Redis) vs ${fmt(pk.throughput.cpuUsPerReq, 0)} µs` : "Portkey not measured", met: pk ? ratio >= 5 : null });
  const add = (i: number, p: "p50" | "p99") => (mock ? sb.latency[i]!.wrk.latencyUs[p] - mock.latency[i]!.wrk.latencyUs[p] : NaN);
  checks.push({ what: "Added latency, single connection (200 req/s), p50", goal: "≤ 0.3 ms", measured: `${ms(add(0, "p50"))} ms`, met: mock ? add(0, "p50") <= 300 : null });
  checks.push({ what: "Added latency, single connection (200 req/s), p99", goal: "≤ 2 ms", measured: `${ms(add(0, "p99"))} ms`, met: mock ? add(0, "p99") <= 2000 : null });
  checks.push({ what: "Added latency at 1,000 req/s, p99", goal: "≤ 3 ms", measured: `${ms(add(1, "p99"))} ms`, met: mock ? add(1, "p99") <= 3000 : null });
  const ttfb = mock ? sb.streams[0]!.ttfbUs.p50 - mock.streams[0]!.ttfbUs.p50 : NaN;
  checks.push({ what: "Streaming TTFB added, p50 (200 req/s)", goal: "≤ 1 ms", measured: `${ms(ttfb)} ms`, met: mock ? ttfb <= 1000 : null });
  const s = sb.slowStreams;
  const live = mock ? s.medianReads >= 0.8 * mock.slowStreams.medianReads && s.medianSpreadMs >= 0.8 * mock.slowStreams.medianSpreadMs : s.medianSpreadMs >= 0.8 * s.expectedSpreadMs;
  checks.push({ what: "Chunks forwarded as they arrive", goal: "reads and spread like the mock's", measured: `${fmt(s.medianReads, 0)} reads over ${fmt(s.medianSpreadMs / 1000, 1)} s per stream`, met: live });
  checks.push({ what: "RSS under the throughput test", goal: "≤ 120 MB", measured: `${fmt(sb.throughput.peakRssMB, 1)} MB`, met: sb.throughput.peakRssMB <= 120 });
  const allConcurrent = s.completed === s.opened && s.peakConcurrent >= 0.95 * s.opened;
  checks.push({ what: `${slowCount} concurrent slow streams: RSS`, goal: "< 300 MB", measured: `${fmt(s.peakRssMB, 1)} MB`, met: s.peakRssMB < 300 });
  checks.push({ what: `${slowCount} concurrent slow streams: all open at once`, goal: `${slowCount} concurrent, none failed`, measured: `${s.peakConcurrent} concurrent, ${s.failed} failed`, met: allConcurrent });
  if (sb.soak) checks.push({ what: `RSS growth over the ${fmt(sb.soak.durationS, 0)} s soak`, goal: "< 10%", measured: `${fmt(sb.soak.growthPct, 1)}%`, met: sb.soak.growthPct < 10 });
  return checks;
}

function summaryCells(r: TargetResult): string[] {
  const t = r.throughput;
  const l = r.latency.map((x) => `${ms(x.wrk.latencyUs.p50)} / ${ms(x.wrk.latencyUs.p99)}`);
  const s0 = r.streams[0]!;
  return [
    r.label,
    fmt(t.wrk.rps, 0),
    String(t.wrk.errors),
    fmt(t.cpuUsPerReq, 0),
    fmt(t.peakRssMB, 1),
    l[0] ?? "—",
    l[1] ?? "—",
    `${ms(s0.ttfbUs.p50)} / ${ms(s0.ttfbUs.p99)}`,
    `${ms(s0.ttlbUs.p50)} / ${ms(s0.ttlbUs.p99)}`,
    `${fmt(r.slowStreams.peakRssMB, 1)} / ${r.slowStreams.peakConcurrent}`,
    r.soak ? `${fmt(r.soak.growthPct, 1)}%` : "—",
  ];
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
}

/** microseconds → "0.42" ms */
export function ms(us: number): string {
  if (!Number.isFinite(us)) return "n/a";
  const v = us / 1000;
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
}

/** Parses the Summary table back (the smoke test checks the report is well formed). */
export function parseSummaryTable(markdown: string): { header: string[]; rows: string[][] } {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| Target | Throughput"));
  if (start < 0) throw new Error("no summary table");
  const cells = (l: string) => l.slice(2, -2).split(" | ").map((c) => c.trim());
  const header = cells(lines[start]!);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith("|"); i++) rows.push(cells(lines[i]!));
  return { header, rows };
}
