import type { IncomingMessage, ServerResponse } from "node:http";
import { parseScenarioInput, ScenarioError } from "../scenarios/scenario-queue.js";
import type { ServerState } from "../server/pipeline.js";
import { readBody } from "../server/read-body.js";
import { sendJson } from "../server/respond.js";

// /__mock/*: the admin API tests use to program scenarios and inspect what reached the
// "provider". Admin calls are never recorded and never subject to knobs.

const ADMIN_BODY_LIMIT = 1024 * 1024;

function resetState(state: ServerState): void {
  state.log.clear();
  state.scenarios.clear();
  state.budget.clear();
}

function listRequests(state: ServerState, res: ServerResponse, query: URLSearchParams | undefined): void {
  const limitRaw = query?.get("limit");
  const limit = limitRaw ? Number(limitRaw) : undefined;
  let requests = state.log.list();
  const path = query?.get("path");
  if (path) requests = requests.filter((r) => r.path === path || r.path.startsWith(path) || r.path.endsWith(path));
  if (limit !== undefined && Number.isFinite(limit) && limit >= 0 && limit < requests.length) {
    requests = requests.slice(requests.length - limit);
  }
  sendJson(res, 200, { requests });
}

function addScenario(state: ServerState, res: ServerResponse, text: string | undefined): void {
  try {
    if (text === undefined) throw new ScenarioError("body too large");
    const input = parseScenarioInput(JSON.parse(text || "null"));
    const scenario = state.scenarios.add(input);
    sendJson(res, 201, scenario);
  } catch (err) {
    const message = err instanceof ScenarioError || err instanceof SyntaxError ? err.message : String(err);
    sendJson(res, 400, { error: { message, type: "invalid_request_error" } });
  }
}

export function handleAdmin(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams | undefined): void {
  const route = `${req.method ?? "GET"} ${path}`;
  switch (route) {
    case "GET /__mock/health":
      req.resume();
      return sendJson(res, 200, { status: "ok", uptimeMs: Date.now() - state.startedAt });
    case "GET /__mock/requests":
      req.resume();
      return listRequests(state, res, query);
    case "GET /__mock/scenarios":
      req.resume();
      return sendJson(res, 200, { scenarios: state.scenarios.list() });
    case "POST /__mock/scenarios":
      return readBody(req, ADMIN_BODY_LIMIT, (text) => addScenario(state, res, text));
    case "POST /__mock/reset":
      req.resume();
      resetState(state);
      return sendJson(res, 200, { ok: true });
    default:
      req.resume();
      return sendJson(res, 404, { error: { message: `Unknown admin route ${route}`, type: "not_found" } });
  }
}

export { resetState };
