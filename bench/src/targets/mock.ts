import { listenAddresses } from "../procs.js";
import { MOCK_AUTH } from "../payloads.js";
import type { Target } from "./types.js";

/** The floor: the mock upstream called directly (it runs on the load core for every target). */
export const mockTarget: Target = {
  name: "mock",
  label: "mock upstream (direct, floor)",
  async start({ stack }) {
    return {
      name: "mock",
      baseUrl: `${stack.mock.url}/v1`,
      pid: stack.mock.proc.pid,
      headers: MOCK_AUTH,
      helpers: [],
      bind: listenAddresses(stack.mock.port).join(", "),
      stop: async () => {},
    };
  },
};
