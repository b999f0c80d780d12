import type { FormObject } from "./form.js";
import type { Store } from "./store.js";

export interface RouteContext {
  store: Store;
  params: FormObject;
  /** Path parameters, in the order of the pattern's capture groups. */
  path: string[];
  url: string;
  /** Hook for resources that emit webhooks (e.g. a completed checkout). */
  emit: (type: string, object: Record<string, unknown>) => void;
}

export type Handler = (ctx: RouteContext) => unknown;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  handler: Handler;
}

export const route = (method: Route["method"], path: string, handler: Handler): Route => ({
  method,
  // ":id" segments capture everything up to the next slash.
  pattern: new RegExp(`^${path.replace(/:[a-z_]+/g, "([^/]+)")}$`),
  handler,
});
