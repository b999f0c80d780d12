import fs from "node:fs";
import type { BenchRun } from "../runner.js";

interface Bar {
  label: string;
  value: number;
}

interface Panel {
  title: string;
  unit: string;
  groups: Array<{ name: string; bars: Bar[] }>;
}

const COLORS: Record<string, string> = { mock: "#9aa5b1", switchboard: "#2563eb", portkey: "#f97316" };
const W = 560;
const H = 300;

/** Four bar panels (throughput, added latency, stream TTFB, RSS) as one self-contained SVG. */
export function renderChartSvg(run: BenchRun): string {
  const names = run.results.map((r) => r.name);
  const panels: Panel[] = [
    { title: "Saturation throughput (higher is better)", unit: "req/s", groups: [{ name: "non-streaming, 50 conns", bars: run.results.map((r) => ({ label: r.name, value: r.throughput.wrk.rps })) }] },
    {
      title: "Latency p50 / p99 by request rate (lower is better)",
      unit: "ms",
      groups: run.config.rates.flatMap((rate, i) => [
        { name: `p50 @ ${rate.rps}/s`, bars: run.results.map((r) => ({ label: r.name, value: r.latency[i]!.wrk.latencyUs.p50 / 1000 })) },
        { name: `p99 @ ${rate.rps}/s`, bars: run.results.map((r) => ({ label: r.name, value: r.latency[i]!.wrk.latencyUs.p99 / 1000 })) },
      ]),
    },
    {
      title: `Stream (${run.config.streamChunks} chunks) time to first / last byte @ ${run.config.rates[0]?.rps}/s`,
      unit: "ms",
      groups: [
        { name: "TTFB p50", bars: run.results.map((r) => ({ label: r.name, value: r.streams[0]!.ttfbUs.p50 / 1000 })) },
        { name: "TTFB p99", bars: run.results.map((r) => ({ label: r.name, value: r.streams[0]!.ttfbUs.p99 / 1000 })) },
        { name: "TTLB p50", bars: run.results.map((r) => ({ label: r.name, value: r.streams[0]!.ttlbUs.p50 / 1000 })) },
      ],
    },
    {
      title: "Resident memory (lower is better)",
      unit: "MB",
      groups: [
        { name: "idle", bars: run.results.map((r) => ({ label: r.name, value: r.idleRssMB })) },
        { name: "throughput test", bars: run.results.map((r) => ({ label: r.name, value: r.throughput.peakRssMB })) },
        { name: `${run.config.slowStreams.count} slow streams`, bars: run.results.map((r) => ({ label: r.name, value: r.slowStreams.peakRssMB })) },
      ],
    },
  ];
  const cols = 2;
  const width = cols * W;
  const height = Math.ceil(panels.length / cols) * H + 60;
  const body = panels.map((p, i) => `<g transform="translate(${(i % cols) * W},${60 + Math.floor(i / cols) * H})">${panelSvg(p)}</g>`).join("\n");
  const legend = names.map((n, i) => `<rect x="${20 + i * 150}" y="36" width="12" height="12" fill="${COLORS[n] ?? "#666"}"/><text x="${38 + i * 150}" y="46" font-size="13">${n}</text>`).join("");
  const m = run.machine;
  const subtitle = `${m.nproc} cores × ${esc(m.cpuModel)}, Node ${m.node}; gateway pinned to one core; ${run.config.mode} run ${run.startedAt.slice(0, 16).replace("T", " ")} UTC`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="22" font-size="15" font-weight="bold">Switchboard vs Portkey vs the bare mock upstream</text>
<text x="${width - 20}" y="22" font-size="11" text-anchor="end" fill="#555">${subtitle}</text>
${legend}
${body}
</svg>
`;
}

function panelSvg(p: Panel): string {
  const left = 60;
  const top = 30;
  const plotW = W - left - 20;
  const plotH = H - top - 60;
  const max = niceMax(Math.max(1e-9, ...p.groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)))));
  const groupW = plotW / p.groups.length;
  const parts: string[] = [`<text x="${left}" y="18" font-size="13" font-weight="bold">${esc(p.title)}</text>`];
  for (let t = 0; t <= 4; t++) {
    const y = top + plotH - (plotH * t) / 4;
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${left - 6}" y="${y + 4}" font-size="10" text-anchor="end">${short((max * t) / 4)}</text>`);
  }
  parts.push(`<text x="14" y="${top + plotH / 2}" font-size="10" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle">${p.unit}</text>`);
  p.groups.forEach((g, gi) => {
    const barW = Math.min(48, (groupW - 16) / g.bars.length);
    const x0 = left + gi * groupW + (groupW - barW * g.bars.length) / 2;
    g.bars.forEach((b, bi) => {
      const v = Number.isFinite(b.value) ? b.value : 0;
      const h = (plotH * v) / max;
      const x = x0 + bi * barW;
      parts.push(`<rect x="${x + 2}" y="${top + plotH - h}" width="${barW - 4}" height="${h}" fill="${COLORS[b.label] ?? "#666"}"/>`);
      parts.push(`<text x="${x + barW / 2}" y="${top + plotH - h - 3}" font-size="9" text-anchor="middle">${short(v)}</text>`);
    });
    parts.push(`<text x="${left + gi * groupW + groupW / 2}" y="${top + plotH + 16}" font-size="11" text-anchor="middle">${esc(g.name)}</text>`);
  });
  return parts.join("");
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function short(v: number): string {
  if (v >= 10_000) return `${(v / 1000).toFixed(0)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  if (v >= 10) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1);
  return v.toFixed(2);
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Screenshots the SVG with Debian's chromium through playwright-core; returns false when no chromium is installed. */
export async function svgToPng(svg: string, pngPath: string): Promise<boolean> {
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
  if (!executablePath) return false;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  try {
    const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1120);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 660);
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: pngPath, clip: { x: 0, y: 0, width, height } });
    return true;
  } finally {
    await browser.close();
  }
}
