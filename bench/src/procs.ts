import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface Proc {
  name: string;
  pid: number;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<Proc>();

/**
 * Spawns `cmd args` pinned to `cores` (taskset execs, so the pid is the program's own), output to a log file
 * (a plain fd: the harness never reads it on the hot path).
 */
export function spawnPinned(name: string, cores: string | null, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; logDir: string }): Proc {
  fs.mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${name}.log`);
  const fd = fs.openSync(logFile, "a");
  const [bin, argv] = cores === null ? [cmd, args] : ["taskset", ["-c", cores, cmd, ...args]];
  const child = spawn(bin, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
  const proc: Proc = { name, pid: child.pid, logFile, child, stop: () => stopChild(proc) };
  running.add(proc);
  child.once("exit", () => running.delete(proc));
  return proc;
}

async function stopChild(proc: Proc, graceMs = 10_000): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
  running.delete(proc);
}

/** Stops every process this harness started (used on failure and on SIGINT/SIGTERM). */
export async function stopAllProcs(): Promise<void> {
  await Promise.allSettled([...running].map((p) => p.stop()));
}

/** Pins an already running process (every thread of it) to `cores`; forked children inherit it. */
export async function pinPid(pid: number, cores: string): Promise<void> {
  await runQuiet("taskset", ["-a", "-p", "-c", cores, String(pid)]);
}

export function runQuiet(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

/**
 * A Debian package the harness needs (wrk, linux-perf): installed when missing and running as root
 * (with an `apt-get update` if the first try fails), else an error saying what to run.
 */
export async function ensureAptPackage(pkg: string, installed: () => Promise<boolean>): Promise<void> {
  if (await installed()) return;
  if (process.getuid?.() !== 0) throw new Error(`${pkg} is not installed: run \`apt-get install -y ${pkg}\``);
  await runQuiet("apt-get", ["install", "-y", pkg], { timeoutMs: 300_000 }).catch(async () => {
    await runQuiet("apt-get", ["update"], { timeoutMs: 300_000 });
    await runQuiet("apt-get", ["install", "-y", pkg], { timeoutMs: 300_000 });
  });
}

/** Resolves once `host:port` accepts TCP connections; fails early if `proc` dies. */
export async function waitForListen(port: number, proc?: Proc, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited before listening; log: ${tail(proc.logFile)}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ port, host: "127.0.0.1" });
      sock.once("connect", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Local addresses a TCP port listens on, from /proc/net/tcp{,6}: proves a server bound loopback only.
 * Returns e.g. ["127.0.0.1"] or ["0.0.0.0"] / ["::"].
 */
export function listenAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== "0A") continue; // 0A = LISTEN
      const [addrHex, portHex] = (cols[1] ?? "").split(":");
      if (!addrHex || parseInt(portHex ?? "", 16) !== port) continue;
      out.push(decodeAddr(addrHex));
    }
  }
  return out;
}

function decodeAddr(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
  if (/^0+$/.test(hex)) return "::";
  if (hex === "00000000000000000000000001000000") return "::1";
  return `ipv6:${hex}`;
}

export function tail(file: string, bytes = 1500): string {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(-bytes);
  } catch {
    return "(no log)";
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
