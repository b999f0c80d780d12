import fs from "node:fs";
import path from "node:path";
import { getFreePort } from "@switchboard/devstack";
import { REPO_DIR, SUT_CORE } from "../config.js";
import { listenAddresses, spawnPinned, waitForListen } from "../procs.js";
import type { Target } from "./types.js";

export const GATEWAY_MAIN = path.join(REPO_DIR, "apps/gateway/dist/main.js");

/** Switchboard with every feature on: key auth, rate limits + hard budget (one Lua round trip), usage events, fallback routing. */
export const switchboardTarget: Target = {
  name: "switchboard",
  label: "Switchboard (every feature on)",
  async start({ stack, nodeFlags = [] }) {
    if (!fs.existsSync(GATEWAY_MAIN)) throw new Error(`${GATEWAY_MAIN} is missing: run pnpm --filter @switchboard/gateway build`);
    const port = await getFreePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redis.url,
      MOCK_PROVIDER_URL: stack.mock.url,
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      REDIS_PREFIX: "sb:",
      LOG_LEVEL: "warn",
    };
    // The same old-space bound the start command and the Docker image use (measured as deployed).
    const proc = spawnPinned("switchboard", SUT_CORE, process.execPath, ["--max-old-space-size=512", ...nodeFlags, GATEWAY_MAIN], { cwd: path.dirname(GATEWAY_MAIN), env, logDir: stack.logDir });
    await waitForListen(port, proc);
    return {
      name: "switchboard",
      baseUrl: `http://127.0.0.1:${port}/v1`,
      pid: proc.pid,
      headers: { authorization: `Bearer ${stack.apiKey}` },
      helpers: [{ name: "redis", pid: stack.redis.pid }],
      bind: listenAddresses(port).join(", "),
      stop: () => proc.stop(),
    };
  },
};
