import { loadEnv } from "./env.js";
import { createLogger } from "./log/logger.js";
import { startWorkerApp } from "./app.js";

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL, { service: "worker" });

const app = await startWorkerApp(env, log).catch((err: unknown) => {
  log.error("worker failed to start", { err });
  process.exit(1);
});

let shuttingDown = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("shutdown requested", { signal });
    // A hard deadline: a stuck dependency must not keep a replica from being replaced.
    setTimeout(() => {
      log.error("shutdown timed out, exiting");
      process.exit(1);
    }, 30_000).unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  });
}
