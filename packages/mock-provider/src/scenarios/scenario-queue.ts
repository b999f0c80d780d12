import { setKnob, type Knobs } from "../knobs/knobs.js";

/** One queued behaviour: any knob, or a literal response (`body`, `headers`) to send as-is. */
export interface ScenarioStep extends Knobs {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScenarioInput {
  model?: string;
  path?: string;
  responses: ScenarioStep[];
  repeat?: boolean;
}

export interface Scenario {
  id: string;
  model?: string;
  path?: string;
  responses: ScenarioStep[];
  repeat: boolean;
  /** Index of the next step to hand out. */
  consumed: number;
}

export class ScenarioError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseStep(raw: unknown, index: number): ScenarioStep {
  if (!isRecord(raw)) throw new ScenarioError(`responses[${index}] must be an object`);
  const step: ScenarioStep = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "body") step.body = value;
    else if (key === "headers") {
      if (!isRecord(value)) throw new ScenarioError(`responses[${index}].headers must be an object`);
      step.headers = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    } else if (!setKnob(step, key, value)) {
      throw new ScenarioError(`responses[${index}].${key}: unknown knob or invalid value ${JSON.stringify(value)}`);
    }
  }
  return step;
}

/** Validates an admin API body; throws ScenarioError with a message naming the bad field. */
export function parseScenarioInput(raw: unknown): ScenarioInput {
  if (!isRecord(raw)) throw new ScenarioError("body must be a JSON object");
  if (raw.model !== undefined && typeof raw.model !== "string") throw new ScenarioError("model must be a string");
  if (raw.path !== undefined && typeof raw.path !== "string") throw new ScenarioError("path must be a string");
  if (raw.repeat !== undefined && typeof raw.repeat !== "boolean") throw new ScenarioError("repeat must be a boolean");
  if (!Array.isArray(raw.responses) || raw.responses.length === 0) {
    throw new ScenarioError("responses must be a non-empty array");
  }
  return {
    model: raw.model,
    path: raw.path,
    repeat: raw.repeat,
    responses: raw.responses.map((step, i) => parseStep(step, i)),
  };
}

/**
 * Scenarios are matched in the order they were added; each hands out its steps in order and is
 * then exhausted (or starts over with `repeat`). Requests no scenario matches behave normally.
 */
export class ScenarioQueue {
  private scenarios: Scenario[] = [];
  private nextId = 1;

  add(input: ScenarioInput): Scenario {
    const scenario: Scenario = {
      id: `scn_${this.nextId++}`,
      model: input.model,
      path: input.path,
      responses: input.responses,
      repeat: input.repeat ?? false,
      consumed: 0,
    };
    this.scenarios.push(scenario);
    return scenario;
  }

  /** The next step for a request, consuming it; undefined when nothing matches. */
  take(model: string, path: string): ScenarioStep | undefined {
    if (this.scenarios.length === 0) return undefined;
    for (const s of this.scenarios) {
      if (s.model !== undefined && s.model !== model) continue;
      if (s.path !== undefined && !(path === s.path || path.startsWith(s.path) || path.endsWith(s.path))) continue;
      if (!s.repeat && s.consumed >= s.responses.length) continue;
      const step = s.responses[s.consumed % s.responses.length];
      s.consumed++;
      return step;
    }
    return undefined;
  }

  list(): Array<Scenario & { remaining: number | null }> {
    return this.scenarios.map((s) => ({
      ...s,
      remaining: s.repeat ? null : Math.max(0, s.responses.length - s.consumed),
    }));
  }

  clear(): void {
    this.scenarios = [];
  }
}
