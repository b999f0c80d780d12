import { createGateway } from "./app.js";
import { loadEnv } from "./env.js";

const gateway = await createGateway(loadEnv());
await gateway.listen();

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void gateway.close().then(() => process.exit(0));
  });
}
