import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getFreePort } from "@switchboard/devstack";
import { BENCH_DIR, SUT_CORE } from "../config.js";
import { listenAddresses, runQuiet, spawnPinned, waitForListen } from "../procs.js";
import type { Target } from "./types.js";

/**
 * Portkey's open-source gateway lives in its own npm project (bench/peers/portkey, lockfile committed): in the
 * pnpm workspace its no-op postinstall (`patch-package`) trips pnpm 12's build-script approval for every install.
 */
const PEER_DIR = path.join(BENCH_DIR, "peers/portkey");
const START_SERVER = path.join(PEER_DIR, "node_modules/@portkey-ai/gateway/build/start-server.js");
// start-server.js has no host flag or env and listens on every interface; this preload makes a host-less listen() use loopback.
const BIND_LOOPBACK = path.join(PEER_DIR, "bind-loopback.mjs");

export async function ensurePortkeyInstalled(log: (m: string) => void): Promise<void> {
  if (fs.existsSync(START_SERVER)) return;
  log("installing @portkey-ai/gateway into bench/peers/portkey (npm ci)");
  await runQuiet("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: PEER_DIR, timeoutMs: 300_000 });
}

export const portkeyTarget: Target = {
  name: "portkey",
  label: "Portkey gateway 1.15.2 (OSS)",
  async start({ stack, log }) {
    await ensurePortkeyInstalled(log);
    const port = await getFreePort();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const args = ["--import", pathToFileURL(BIND_LOOPBACK).href, START_SERVER, `--port=${port}`, "--headless"];
    const proc = spawnPinned("portkey", SUT_CORE, process.execPath, args, { cwd: PEER_DIR, env, logDir: stack.logDir });
    await waitForListen(port, proc);
    const bind = listenAddresses(port);
    if (bind.some((a) => a !== "127.0.0.1")) log(`warning: portkey listens on ${bind.join(", ")}`);
    return {
      name: "portkey",
      baseUrl: `http://127.0.0.1:${port}/v1`,
      pid: proc.pid,
      headers: { authorization: "Bearer mock-key", "x-portkey-provider": "openai", "x-portkey-custom-host": `${stack.mock.url}/v1` },
      helpers: [],
      bind: bind.join(", "),
      stop: () => proc.stop(),
    };
  },
};
