import type { TargetName } from "../config.js";
import type { Stack } from "../stack.js";

export interface RunningTarget {
  name: TargetName;
  /** base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8787/v1 */
  baseUrl: string;
  /** the process whose RSS and CPU are measured */
  pid: number;
  /** headers every request to this target carries (auth, routing) */
  headers: Record<string, string>;
  /** backing processes whose CPU is reported beside the target's own (Switchboard's Redis) */
  helpers: Array<{ name: string; pid: number }>;
  /** what the harness verified about the listen address, e.g. "127.0.0.1 only" */
  bind: string;
  stop(): Promise<void>;
}

export interface TargetStartOptions {
  stack: Stack;
  log: (m: string) => void;
  /** extra node flags for the process under test (e.g. --cpu-prof) */
  nodeFlags?: string[];
}

export interface Target {
  name: TargetName;
  label: string;
  start(opts: TargetStartOptions): Promise<RunningTarget>;
}
