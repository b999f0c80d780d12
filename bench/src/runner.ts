import fs from "node:fs";
import path from "node:path";
import { LOAD_CORE, type BenchConfig, type TargetName } from "./config.js";
import { ensureWrk } from "./load/wrk.js";
import { machineInfo, type MachineInfo } from "./machine.js";
import { measureSoak, measureTarget, measureThroughput, type PhaseContext, type TargetResult } from "./phases.js";
import { pinPid, stopAllProcs } from "./procs.js";
import { flushUsageQueue, startStack, type Stack } from "./stack.js";
import { mockTarget } from "./targets/mock.js";
import { portkeyTarget } from "./targets/portkey.js";
import { switchboardTarget } from "./targets/switchboard.js";
import type { RunningTarget, Target } from "./targets/types.js";

const TARGETS: Record<TargetName, Target> = { mock: mockTarget, switchboard: switchboardTarget, portkey: portkeyTarget };

export interface BenchRun {
  config: BenchConfig;
  machine: MachineInfo;
  startedAt: string;
  finishedAt: string;
  results: TargetResult[];
  /** targets that could not be started or measured, with the reason */
  failures: Array<{ name: TargetName; label: string; error: string }>;
}

/** Starts the shared stack, measures each target in turn (one at a time on the gateway core), stops everything. */
export async function runBench(cfg: BenchConfig, log: (m: string) => void = (m) => console.log(m)): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  await ensureWrk();
  // The harness itself (stream probe, samplers) stays off the core under test.
  await pinPid(process.pid, LOAD_CORE).catch(() => log("note: could not pin the harness to the load core"));
  let stack: Stack | null = null;
  const results: TargetResult[] = [];
  const failures: BenchRun["failures"] = [];
  const onSignal = () => void cleanup(stack).then(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    stack = await startStack({ streamChunks: cfg.streamChunks, log });
    const ctx = { cfg, stack, log };
    // Targets stay up (idle) after their turn, so the throughput rounds below can alternate between them.
    const measured: Array<{ running: RunningTarget; result: TargetResult }> = [];
    for (const name of cfg.targets) {
      const target = TARGETS[name];
      log(`== ${target.label}`);
      let running: RunningTarget | null = null;
      try {
        running = await target.start({ stack, log });
        log(`  pid ${running.pid}, listening on ${running.bind}`);
        const result = await measureTarget(ctx, running, target.label);
        results.push(result);
        measured.push({ running, result });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`  FAILED: ${error}`);
        failures.push({ name, label: target.label, error });
        await running?.stop();
      }
    }
    await throughputRounds(ctx, measured);
    // Soaks come last: a soaked process is no longer the fresh one the other phases measured.
    for (const { running, result } of measured) {
      if (!cfg.soakTargets.includes(running.name)) continue;
      log(`== soak: ${result.label}`);
      result.soak = await measureSoak(ctx, running);
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup(stack);
  }
  const run: BenchRun = { config: cfg, machine: machineInfo(), startedAt, finishedAt: new Date().toISOString(), results, failures };
  fs.mkdirSync(cfg.outDir, { recursive: true });
  fs.writeFileSync(path.join(cfg.outDir, "results.json"), JSON.stringify(run, null, 2));
  return run;
}

/**
 * Other work on a shared machine comes and goes; saturation runs alternate between the targets for
 * `throughputRounds` rounds and each keeps its median round, so no target alone gets a quiet or a busy minute.
 */
async function throughputRounds(ctx: PhaseContext, measured: Array<{ running: RunningTarget; result: TargetResult }>): Promise<void> {
  for (let round = 2; round <= ctx.cfg.throughputRounds; round++) {
    for (const { running, result } of measured) {
      ctx.log(`== throughput round ${round}/${ctx.cfg.throughputRounds}: ${result.label}`);
      const t = await measureThroughput(ctx, running);
      ctx.log(`    ${t.wrk.rps.toFixed(0)} req/s, ${t.cpuUsPerReq.toFixed(0)} µs CPU/req, peak RSS ${t.peakRssMB.toFixed(1)} MB`);
      result.throughputRounds.push(t);
      await flushUsageQueue(ctx.stack);
    }
  }
  for (const { result } of measured) {
    const byRps = [...result.throughputRounds].sort((a, b) => a.wrk.rps - b.wrk.rps);
    const median = byRps[Math.floor((byRps.length - 1) / 2)]!;
    result.throughput = { ...median, peakRssMB: Math.max(...result.throughputRounds.map((r) => r.peakRssMB)) };
  }
}

async function cleanup(stack: Stack | null): Promise<void> {
  await stopAllProcs();
  await stack?.stop();
}
