export { startMockProvider, DEFAULT_MODELS, type MockProvider, type MockProviderOptions } from "./server/start-mock-provider.js";
export type { RecordedRequest } from "./server/request-log.js";
export type { Scenario, ScenarioInput, ScenarioStep } from "./scenarios/scenario-queue.js";
export { FAULTS, ERROR_KINDS, type Fault, type ErrorKind, type Knobs } from "./knobs/knobs.js";
export { promptTokensFromChars } from "./generate/tokens.js";
