import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import fs from "node:fs";
import { WEB_DIR } from "./web-server";

export const REPO_ROOT = path.resolve(WEB_DIR, "../..");

export interface AppProcess {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Builds apps/<name>/dist/main.js with its package's build script when it is missing. */
export function ensureBuilt(name: "gateway" | "worker"): string {
  const main = path.join(REPO_ROOT, "apps", name, "dist", "main.js");
  if (!fs.existsSync(main)) {
    const r = spawnSync("pnpm", ["--filter", `@switchboard/${name}`, "build"], { cwd: REPO_ROOT, stdio: "pipe", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`building ${name} failed:\n${r.stdout?.toString().slice(-3000)}\n${r.stderr?.toString().slice(-3000)}`);
  }
  return main;
}

/**
 * Runs a built app (`node apps/<name>/dist/main.js`) with `env` and waits until `healthUrl`
 * answers 200. Logs are kept for failure messages.
 */
export async function startApp(name: "gateway" | "worker", opts: { env: Record<string, string>; healthUrl: string; url: string }): Promise<AppProcess> {
  const main = ensureBuilt(name);
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [main], { cwd: REPO_ROOT, env: { ...process.env, ...opts.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => logs.push(d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs.join("").slice(-4000)}`);
    try {
      if ((await fetch(opts.healthUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy in 60 s:\n${logs.join("").slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: opts.url,
    logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
