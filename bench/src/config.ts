import path from "node:path";
import { fileURLToPath } from "node:url";

export type TargetName = "mock" | "switchboard" | "portkey";
export const ALL_TARGETS: TargetName[] = ["mock", "switchboard", "portkey"];

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(BENCH_DIR, "..");

/** Cores: the system under test gets core 0 to itself; load generator, mock upstream and backing services share core 1. */
export const SUT_CORE = "0";
export const LOAD_CORE = "1";

export interface BenchConfig {
  mode: "full" | "smoke";
  outDir: string;
  targets: TargetName[];
  /** which targets get the soak (memory growth) phase */
  soakTargets: TargetName[];
  warmupS: number;
  throughputS: number;
  /** connections for the saturation test */
  connections: number;
  /** saturation runs per target, alternating between targets; the median is reported */
  throughputRounds: number;
  latencyS: number;
  /** fixed request rates for the latency tests, with the connections each uses */
  rates: Array<{ rps: number; connections: number }>;
  streamS: number;
  /** content chunks per stream (the mock's --chunks) */
  streamChunks: number;
  slowStreams: { count: number; tps: number };
  soakS: number;
  soakRps: number;
  /** run Switchboard with `node --cpu-prof` and summarise the profile */
  profile: boolean;
}

export function defaultConfig(mode: "full" | "smoke", outDir: string): BenchConfig {
  const full = mode === "full";
  return {
    mode,
    outDir,
    targets: ALL_TARGETS,
    soakTargets: ["switchboard"],
    warmupS: full ? 5 : 1,
    throughputS: full ? 15 : 2,
    connections: 50,
    throughputRounds: full ? 3 : 1,
    latencyS: full ? 15 : 1,
    rates: [
      { rps: 200, connections: 1 },
      { rps: 1000, connections: 16 },
    ],
    streamS: full ? 10 : 1,
    streamChunks: 50,
    // 50 chunks at 5 tokens/s: every stream stays open ~10 s.
    slowStreams: full ? { count: 1000, tps: 5 } : { count: 100, tps: 25 },
    soakS: full ? 600 : 2,
    soakRps: 300,
    profile: false,
  };
}
