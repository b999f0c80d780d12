/** Structured JSON logs, one line each (no secrets: callers pass ids, never keys or bodies). */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(service: string, level: "debug" | "info" | "warn" | "error" = "info"): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (lvl: keyof typeof order, msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, service, msg, ...fields }) + "\n");
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
