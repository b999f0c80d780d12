import fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux/x86-64). */
const TICKS_PER_S = 100;

/** Resident set size in bytes (VmRSS of /proc/<pid>/status), or null when the process is gone. */
export function readRssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime of the process (all its threads), in seconds. */
export function readCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3; utime is 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_S;
}

export interface RssSample {
  /** seconds since the sampler started */
  t: number;
  bytes: number;
}

/** Samples VmRSS of one pid at a fixed interval; also remembers the CPU time at start. */
export class ProcSampler {
  readonly samples: RssSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly started = Date.now();
  private readonly cpuAtStart: number;

  constructor(
    readonly pid: number,
    intervalMs = 250,
  ) {
    this.cpuAtStart = readCpuSeconds(pid);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const bytes = readRssBytes(this.pid);
    if (bytes !== null) this.samples.push({ t: (Date.now() - this.started) / 1000, bytes });
  }

  /** Stops sampling; returns peak RSS and CPU seconds spent since the sampler started. */
  stop(): { peakRssBytes: number; lastRssBytes: number; cpuSeconds: number; samples: RssSample[] } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const peak = this.samples.reduce((m, s) => Math.max(m, s.bytes), 0);
    const last = this.samples.at(-1)?.bytes ?? 0;
    return { peakRssBytes: peak, lastRssBytes: last, cpuSeconds: readCpuSeconds(this.pid) - this.cpuAtStart, samples: this.samples };
  }
}
