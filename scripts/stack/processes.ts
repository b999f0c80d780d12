import { spawn, type ChildProcess } from "node:child_process";
import { stopChild } from "@switchboard/devstack";

const COLORS = [36, 35, 33, 32, 34, 31];
let colorIndex = 0;

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawn a long-running child with prefixed, coloured output; `onExit` fires if it dies on its own. */
export function startProcess(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onExit?: (code: number | null) => void; quiet?: boolean }): ManagedProcess {
  const color = COLORS[colorIndex++ % COLORS.length];
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `\x1b[${color}m${name.padEnd(8)}\x1b[0m│ `;
  const pipe = (stream: NodeJS.ReadableStream | null) => {
    let buf = "";
    stream?.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      if (!opts.quiet) for (const line of lines) process.stdout.write(prefix + line + "\n");
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  let stopping = false;
  child.on("exit", (code) => {
    if (!stopping) opts.onExit?.(code);
  });
  return {
    name,
    child,
    stop: () => {
      stopping = true;
      return stopChild(child, 10_000);
    },
  };
}

/** Poll an HTTP URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process exited (code ${child.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
