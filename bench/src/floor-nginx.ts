import fs from "node:fs";
import path from "node:path";
import { SUT_CORE } from "./config.js";
import { ensureAptPackage, runQuiet, spawnPinned, type Proc } from "./procs.js";

/**
 * nginx (C, event-driven) as a plain keep-alive reverse proxy to the mock, on the gateway's core: what
 * the two extra hops through a proxy cost on this machine when the proxy's own work is close to nothing.
 * Calibrates the Node floor (floor-proxy.mjs): the gap between the two is Node's, not the machine's.
 * Debian's nginx-light; installed when missing (as root), like wrk.
 */
export async function startNginxProxy(opts: { port: number; upstreamUrl: string; dir: string; logDir: string }): Promise<Proc> {
  await ensureAptPackage("nginx-light", () =>
    runQuiet("nginx", ["-v"]).then(
      () => true,
      () => false,
    ),
  );
  const up = new URL(opts.upstreamUrl);
  fs.mkdirSync(opts.dir, { recursive: true });
  const conf = path.join(opts.dir, "nginx.conf");
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
master_process off;
error_log ${path.join(opts.logDir, "nginx-error.log")};
pid ${path.join(opts.dir, "nginx.pid")};
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${opts.dir};
  proxy_temp_path ${opts.dir};
  upstream mock { server ${up.hostname}:${up.port}; keepalive 64; }
  server {
    listen 127.0.0.1:${opts.port};
    location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  return spawnPinned("nginx", SUT_CORE, "nginx", ["-c", conf, "-p", opts.dir], { logDir: opts.logDir });
}
