import fs from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "../config.js";
import type { BenchRun } from "../runner.js";
import { renderChartSvg, svgToPng } from "./chart.js";
import { renderMarkdown } from "./table.js";

const README = path.join(BENCH_DIR, "README.md");
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

/** Writes results.md, chart.svg and chart.png into the run's outDir; a full run into bench/results also refreshes the README. */
export async function writeReport(run: BenchRun, command: string): Promise<string[]> {
  const dir = run.config.outDir;
  fs.mkdirSync(dir, { recursive: true });
  const md = renderMarkdown(run, command);
  const files = [path.join(dir, "results.md"), path.join(dir, "chart.svg"), path.join(dir, "results.json")];
  fs.writeFileSync(files[0]!, `# Benchmark results\n\n${md}\n![chart](chart.png)\n`);
  const svg = renderChartSvg(run);
  fs.writeFileSync(files[1]!, svg);
  const png = path.join(dir, "chart.png");
  try {
    if (await svgToPng(svg, png)) files.push(png);
    else console.warn("no chromium found: wrote chart.svg only (apt-get install -y chromium for the PNG)");
  } catch (err) {
    console.warn(`PNG rendering failed (${err instanceof Error ? err.message : err}); chart.svg is written`);
  }
  if (path.resolve(dir) === path.join(BENCH_DIR, "results") && run.config.mode === "full" && fs.existsSync(README)) {
    const readme = fs.readFileSync(README, "utf8");
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    if (a >= 0 && b > a) {
      fs.writeFileSync(README, `${readme.slice(0, a + START.length)}\n${md}\n![chart](results/chart.png)\n${readme.slice(b)}`);
      files.push(README);
    }
  }
  return files;
}
