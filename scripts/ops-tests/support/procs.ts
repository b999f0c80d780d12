import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@switchboard/devstack";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const GATEWAY_MAIN = path.join(repoRoot, "apps/gateway/dist/main.js");
export const WORKER_MAIN = path.join(repoRoot, "apps/worker/dist/main.js");
export const MOCK_CLI = path.join(repoRoot, "packages/mock-provider/dist/cli.js");

/**
 * These tests run the built bundles, as an operator would. Build them when one is missing
 * (a lock keeps parallel test files from bundling at once); a stale bundle is the caller's business.
 */
export function ensureBuilt(): void {
  const missing = () => [GATEWAY_MAIN, WORKER_MAIN, MOCK_CLI].some((f) => !fs.existsSync(f));
  if (!missing()) return;
  const r = spawnSync(
    "flock",
    ["/tmp/sb-ops-tests-build.lock", "pnpm", "exec", "turbo", "run", "build", "--filter=@switchboard/gateway", "--filter=@switchboard/worker", "--filter=@switchboard/mock-provider"],
    { cwd: repoRoot, encoding: "utf8", timeout: 300_000 },
  );
  if (missing()) throw new Error(`build failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `fn` until it returns a truthy value or the deadline passes (then the last value is returned). */
export async function waitFor<T>(fn: () => Promise<T> | T, opts: { timeoutMs: number; intervalMs?: number; what?: string }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await sleep(opts.intervalMs ?? 100);
  }
}

export interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
  /** stdout + stderr so far (every byte the process printed). */
  output(): string;
  /** Exit code and signal once gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Everything every spawned process printed, for the secret-leak scan (kept after a process exits or restarts). */
export const allOutput: Array<{ name: string; output: () => string }> = [];

function spawnProc(name: string, args: string[], env: Record<string, string>, port: number): Proc {
  let out = "";
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: Proc = {
    name,
    child,
    port,
    output: () => out,
    exited,
    alive,
    kill: (signal) => {
      if (alive()) child.kill(signal);
    },
    async stop(timeoutMs = 40_000) {
      if (!alive()) return exited;
      const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.kill("SIGTERM");
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
  allOutput.push({ name, output: proc.output });
  return proc;
}

async function waitHttpOk(proc: Proc, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.alive()) throw new Error(`${proc.name} exited before ${url} answered:\n${proc.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  proc.kill("SIGKILL");
  throw new Error(`${proc.name}: ${url} did not answer within ${timeoutMs} ms:\n${proc.output()}`);
}

export async function startMock(opts: { port?: number; args?: string[] } = {}): Promise<Proc & { url: string; admin(p: string, body?: unknown): Promise<any> }> {
  const port = opts.port ?? (await getFreePort());
  const proc = spawnProc(`mock:${port}`, [MOCK_CLI, "--port", String(port), ...(opts.args ?? [])], {}, port);
  const url = `http://127.0.0.1:${port}`;
  await waitHttpOk(proc, `${url}/__mock/health`, 20_000);
  return Object.assign(proc, {
    url,
    async admin(p: string, body?: unknown) {
      const res = await fetch(url + p, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`mock admin ${p}: ${res.status} ${await res.text()}`);
      return res.json();
    },
  });
}

export interface GatewayOpts {
  databaseUrl: string;
  redisUrl: string;
  mockUrl: string;
  redisPrefix?: string;
  port?: number;
  env?: Record<string, string>;
}

export type GatewayProc = Proc & { baseURL: string; url: string };

export async function startGateway(o: GatewayOpts): Promise<GatewayProc> {
  const port = o.port ?? (await getFreePort());
  const proc = spawnProc(
    `gateway:${port}`,
    [GATEWAY_MAIN],
    {
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: o.redisPrefix ?? "sb:",
      MOCK_PROVIDER_URL: o.mockUrl,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      LOG_LEVEL: "info",
      ...o.env,
    },
    port,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHttpOk(proc, `${url}/health`, 30_000);
  return Object.assign(proc, { url, baseURL: `${url}/v1` });
}

export interface WorkerOpts {
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  port?: number;
  env?: Record<string, string>;
}

export type WorkerProc = Proc & { url: string };

export async function startWorker(o: WorkerOpts): Promise<WorkerProc> {
  const port = o.port ?? (await getFreePort());
  const proc = spawnProc(
    `worker:${port}`,
    [WORKER_MAIN],
    {
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      SMTP_URL: o.smtpUrl,
      SMTP_FROM: "Switchboard <alerts@switchboard.local>",
      WEB_URL: "http://127.0.0.1:3000",
      WORKER_PORT: String(port),
      LOG_LEVEL: "info",
      ...o.env,
    },
    port,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHttpOk(proc, `${url}/health`, 30_000);
  return Object.assign(proc, { url });
}

/** Prometheus text → value of one sample (labels matched as a substring), or null. */
export async function metric(url: string, name: string, labelSubstring = ""): Promise<number | null> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] === name && (m[2] ?? "").includes(labelSubstring)) return Number(m[3]);
  }
  return null;
}
