import path from "node:path";
import { parseArgs } from "node:util";
import { ALL_TARGETS, BENCH_DIR, defaultConfig, type TargetName } from "./config.js";
import { writeReport } from "./report/write.js";
import { runBench } from "./runner.js";

const USAGE = `usage: tsx src/cli.ts [--smoke] [--soak-seconds N] [--soak-targets switchboard,portkey|none] [--targets mock,switchboard,portkey]
                     [--throughput-seconds N] [--latency-seconds N] [--slow-streams N] [--out DIR]

Full run (default): ~10 min of soak plus ~2 min per target. --smoke: a few seconds per phase.`;

function targetList(v: string | undefined, fallback: TargetName[]): TargetName[] {
  if (!v) return fallback;
  if (v === "none") return [];
  const names = v.split(",").map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!ALL_TARGETS.includes(n as TargetName)) throw new Error(`unknown target ${n}\n${USAGE}`);
  return names as TargetName[];
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  // `pnpm run bench -- --flag` passes the "--" through; drop it so the documented form works.
  const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
  const { values } = parseArgs({
    args,
    options: {
      smoke: { type: "boolean", default: false },
      "soak-seconds": { type: "string" },
      "soak-targets": { type: "string" },
      targets: { type: "string" },
      "throughput-seconds": { type: "string" },
      "latency-seconds": { type: "string" },
      "slow-streams": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const mode = values.smoke ? "smoke" : "full";
  const cfg = defaultConfig(mode, path.resolve(values.out ?? path.join(BENCH_DIR, "results")));
  cfg.targets = targetList(values.targets, cfg.targets);
  cfg.soakTargets = targetList(values["soak-targets"], cfg.soakTargets);
  cfg.soakS = num(values["soak-seconds"], "soak-seconds") ?? cfg.soakS;
  cfg.throughputS = num(values["throughput-seconds"], "throughput-seconds") ?? cfg.throughputS;
  cfg.latencyS = num(values["latency-seconds"], "latency-seconds") ?? cfg.latencyS;
  cfg.slowStreams.count = num(values["slow-streams"], "slow-streams") ?? cfg.slowStreams.count;

  const command = `pnpm --filter @switchboard/bench run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
  const run = await runBench(cfg);
  const files = await writeReport(run, command);
  console.log(`\nwrote ${files.join(", ")}`);
  if (run.results.length === 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
