import "server-only";
import { authenticateManagementToken, httpStatusOf, isServiceError, picoToDecimalString, type ApiKeyView, type ServiceContext } from "@switchboard/core";
import { ZodError } from "zod";
import { ipFromRequest } from "./client-ip";
import { db } from "./db";
import { redis } from "./redis";
import { keyring } from "./workspace";

/** The one error envelope of /api/v1: `{ error: { message, type, code } }`. */
export function apiError(status: number, message: string, code: string, type = code === "invalid" ? "invalid_request_error" : code, param?: string): Response {
  return Response.json({ error: { message, type, code, ...(param ? { param } : {}) } }, { status });
}

/** JSON with BigInts as strings: JSON numbers cannot carry 64-bit money exactly. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

type Handler<P> = (ctx: ServiceContext, req: Request, params: P) => Promise<Response>;

/**
 * Authenticates `Authorization: Bearer sb-mgmt-…`, builds the tenant context from the token row
 * (never from the request) and translates service errors; handlers only call services.
 */
export function managementRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const header = req.headers.get("authorization") ?? "";
    const bearer = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : "";
    if (!bearer) return apiError(401, "Missing management token: send Authorization: Bearer sb-mgmt-…", "unauthorized", "authentication_error");
    const ctx = await authenticateManagementToken(db(), bearer, { redis: redis(), keyring: keyring(), ip: ipFromRequest(req) });
    if (!ctx) return apiError(401, "Invalid, expired or revoked management token", "unauthorized", "authentication_error");
    try {
      return await handler(ctx, req, await routeCtx.params);
    } catch (error) {
      if (isServiceError(error)) return apiError(httpStatusOf[error.code], error.message, error.code, undefined, error.param);
      if (error instanceof ZodError) {
        const issue = error.issues[0];
        return apiError(400, issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "Invalid request", "invalid", "invalid_request_error", issue?.path.join("."));
      }
      if (error instanceof SyntaxError) return apiError(400, "Body is not valid JSON", "invalid");
      console.error("[api/v1] unexpected error", error);
      return apiError(500, "Internal error", "internal_error", "api_error");
    }
  };
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  return text ? (JSON.parse(text) as unknown) : {};
}

export function money(pico: bigint) {
  return { pico_usd: pico.toString(), usd: picoToDecimalString(pico) };
}

export function keyJson(k: ApiKeyView & { periodSpendPicoUsd?: bigint }) {
  return {
    id: k.id,
    object: "api_key",
    name: k.name,
    display_prefix: k.displayPrefix,
    status: k.status,
    allowed_models: k.allowedModels,
    rpm_limit: k.rpmLimit,
    tpm_limit: k.tpmLimit,
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
    last_used_at: k.lastUsedAt,
    created_at: k.createdAt,
    created_by: k.createdBy?.email ?? null,
    ...(k.periodSpendPicoUsd !== undefined ? { spend_this_month: money(k.periodSpendPicoUsd) } : {}),
  };
}
