import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds apps/web once (skipped when a build exists, unless SB_E2E_REBUILD=1) and runs
 * `next start` on `port` with `env`. The build reads no environment, so one build serves any
 * database or port.
 */
export async function startWebServer(opts: { port: number; env: Record<string, string>; log?: (line: string) => void }): Promise<WebServer> {
  const nextBin = path.join(WEB_DIR, "node_modules", "next", "dist", "bin", "next");
  if (!fs.existsSync(path.join(WEB_DIR, ".next", "BUILD_ID")) || process.env.SB_E2E_REBUILD === "1") {
    const build = spawnSync(process.execPath, [nextBin, "build", "--webpack"], { cwd: WEB_DIR, stdio: "pipe", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, timeout: 600_000 });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout?.toString().slice(-4000)}\n${build.stderr?.toString().slice(-4000)}`);
  }
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(opts.port)], {
    cwd: WEB_DIR,
    env: { ...process.env, ...opts.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  child.stderr?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("web server did not become healthy in 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
