import { parseArgs } from "node:util";
import { startMockProvider } from "./server/start-mock-provider.js";

// `tsx src/cli.ts --port 4010`: runs the mock provider until SIGINT/SIGTERM.

const USAGE = `usage: mock-provider [--host 127.0.0.1] [--port 0] [--latency-ms N] [--ttft-ms N] [--tps N] [--chunks N]
                     [--reply-tokens N] [--no-record]`;

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`invalid --${name}: ${value}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string" },
      "latency-ms": { type: "string" },
      "ttft-ms": { type: "string" },
      tps: { type: "string" },
      chunks: { type: "string" },
      "reply-tokens": { type: "string" },
      "no-record": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const mock = await startMockProvider({
    host: values.host,
    port: numberFlag(values.port, "port") ?? 0,
    latencyMs: numberFlag(values["latency-ms"], "latency-ms"),
    ttftMs: numberFlag(values["ttft-ms"], "ttft-ms"),
    tokensPerSecond: numberFlag(values.tps, "tps"),
    chunkCount: numberFlag(values.chunks, "chunks"),
    replyTokens: numberFlag(values["reply-tokens"], "reply-tokens"),
    recordRequests: !values["no-record"],
  });
  console.log(`mock provider listening on ${mock.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => {
        console.log(`mock provider stopped (${signal})`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
