import { NextResponse, type NextRequest } from "next/server";
import { API_CSP, allowedHostsFor, csrfRefusal, isSecureRequest, newNonce, pageCsp, securityHeaders } from "@/server/security-headers";

/**
 * Runs before every request but static assets: security headers on every response, a fresh
 * CSP nonce per page (Next reads it from the request's CSP header and stamps its scripts), and
 * the Origin check for cookie-authenticated state-changing route handlers.
 */
export function proxy(request: NextRequest): NextResponse {
  const url = request.nextUrl;
  const secure = isSecureRequest(url, request.headers) || (process.env.WEB_URL ?? process.env.AUTH_URL ?? "").startsWith("https://");
  const headers = securityHeaders({ secure });
  const isApi = url.pathname.startsWith("/api/");

  const refusal = csrfRefusal({ method: request.method, pathname: url.pathname, secure, headers: request.headers }, allowedHostsFor(request.headers, process.env.WEB_URL ?? process.env.AUTH_URL));
  if (refusal) {
    const res = NextResponse.json({ error: { message: refusal, type: "invalid_request_error", code: "csrf_origin_mismatch" } }, { status: 403 });
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    res.headers.set("Content-Security-Policy", API_CSP);
    return res;
  }

  let response: NextResponse;
  if (isApi) {
    response = NextResponse.next();
    response.headers.set("Content-Security-Policy", API_CSP);
  } else {
    const nonce = newNonce();
    const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", secure });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("Content-Security-Policy", csp);
  }
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
