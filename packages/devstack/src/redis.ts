import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { waitForPort } from "./ports.js";

export interface RedisHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Path of the system's redis-server, or null. Redis ships in no npm package; Debian's `redis-server` provides it. */
export function findRedisServer(): string | null {
  for (const candidate of [process.env.REDIS_SERVER_BIN, "/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() || null : null;
}

/** Start a private redis-server child on loopback; AOF persistence when a data dir is given (the demo), none for tests. */
export async function startRedis(opts: { port: number; dataDir?: string; log?: (m: string) => void }): Promise<RedisHandle> {
  const bin = findRedisServer();
  if (!bin) {
    throw new Error("redis-server is not installed. Install it with `apt-get install -y redis-server`, set REDIS_URL to an existing Redis, or use `docker compose up`.");
  }
  const args = ["--port", String(opts.port), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "yes", "--databases", "64"];
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    args.push("--dir", path.resolve(opts.dataDir), "--appendonly", "yes");
  } else {
    args.push("--appendonly", "no");
  }
  const child: ChildProcess = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  child.stderr?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  await waitForPort(opts.port);
  return {
    url: `redis://127.0.0.1:${opts.port}`,
    port: opts.port,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
