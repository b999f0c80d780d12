import "server-only";
import { BillingError } from "@switchboard/billing";
import { can, type ServiceContext } from "@switchboard/core";
import { env } from "@/env";
import { sessionWorkspace } from "./workspace";

function error(status: number, code: string, message: string): Response {
  return Response.json({ error: { message, type: code === "forbidden" ? "permission_error" : "invalid_request_error", code } }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The dashboard's billing POSTs (`/api/billing/checkout`, `/api/billing/portal`): session cookie
 * (the proxy has already checked Origin), owners only, then `{ url }` to send the browser to.
 */
export function billingRoute(action: (ctx: ServiceContext, webUrl: string) => Promise<{ url: string }>, auditAction: string) {
  return async (): Promise<Response> => {
    const ws = await sessionWorkspace();
    if (!ws) return error(401, "unauthorized", "Sign in first");
    if (!can(ws.role, "billing:manage")) return error(403, "forbidden", `Your role (${ws.role}) cannot manage billing; ask an owner`);
    try {
      const result = await action(ws.ctx, env().WEB_URL.replace(/\/$/, ""));
      await ws.ctx.db.auditLog.create({
        data: { tenantId: ws.ctx.tenantId, actorUserId: ws.user.id, actorType: "user", action: auditAction, ip: ws.ctx.ip ?? null },
      });
      return Response.json({ url: result.url }, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof BillingError) {
        const status = e.code === "stripe_not_configured" || e.code === "no_billing_customer" ? 409 : e.code === "tenant_not_found" ? 404 : 400;
        return error(status, e.code, e.message);
      }
      console.error("[api/billing] unexpected error", e);
      return error(502, "billing_unavailable", "Billing is temporarily unavailable");
    }
  };
}
