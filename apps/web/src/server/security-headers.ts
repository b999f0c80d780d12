/**
 * Response security headers and the CSRF rule, as pure functions of the request so the proxy
 * stays thin and tests can call them directly. No `server-only`: the proxy imports it.
 */

export interface RequestFacts {
  method: string;
  pathname: string;
  /** `https:` when the client reached us over TLS (directly or via X-Forwarded-Proto). */
  secure: boolean;
  headers: Headers;
}

/** A fresh 128-bit nonce per response, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page CSP: scripts only with this response's nonce ('strict-dynamic' lets Next's nonced
 * bootstrap load its chunks), no plugins, no framing, forms and base URI same-origin. Inline
 * style attributes stay allowed: React server-renders `style=""` (charts, progress bars), and
 * styles cannot run code.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; secure: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** API responses are data, never documents: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(opts: { secure: boolean }): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Only over TLS: on plain http the header is ignored by browsers and would mislead.
    ...(opts.secure ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export function isSecureRequest(url: URL, headers: Headers): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded ? forwarded === "https" : url.protocol === "https:";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes exempt from the Origin check, each authenticated by something a browser never attaches
 * on its own: management API bearer tokens, Stripe's signature, and Auth.js (its own
 * double-submit CSRF token guards sign-in and sign-out).
 */
const CSRF_EXEMPT = [/^\/api\/v1(\/|$)/, /^\/api\/stripe\/webhook$/, /^\/api\/auth\//, /^\/api\/health$/, /^\/api\/ready$/];

/**
 * CSRF for cookie-authenticated route handlers (server actions are checked by Next itself): a
 * state-changing request under /api must come from our own origin. Browsers send `Origin` on
 * every cross-origin and same-origin POST/PUT/PATCH/DELETE; when it is absent we fall back to
 * Sec-Fetch-Site, then Referer. A request with none of them is not from a browser, so it cannot
 * carry a victim's cookie by accident and is let through.
 */
export function csrfRefusal(req: RequestFacts, allowedHosts: string[]): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (!req.pathname.startsWith("/api/")) return null;
  if (CSRF_EXEMPT.some((re) => re.test(req.pathname))) return null;
  const hosts = new Set(allowedHosts.filter(Boolean).map((h) => h.toLowerCase()));
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return "Origin null is not allowed";
    try {
      return hosts.has(new URL(origin).host.toLowerCase()) ? null : `Cross-site request from ${origin} refused`;
    } catch {
      return "Malformed Origin header";
    }
  }
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none" ? null : `Cross-site request (${site}) refused`;
  const referer = req.headers.get("referer");
  if (referer !== null) {
    try {
      return hosts.has(new URL(referer).host.toLowerCase()) ? null : "Cross-site request refused (Referer)";
    } catch {
      return "Malformed Referer header";
    }
  }
  return null;
}

/** Hosts a same-origin request may name: the configured public URL and the Host it was sent to. */
export function allowedHostsFor(headers: Headers, webUrl: string | undefined): string[] {
  const hosts = [headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? "", headers.get("host") ?? ""];
  if (webUrl) {
    try {
      hosts.push(new URL(webUrl).host);
    } catch {
      // validated elsewhere
    }
  }
  return hosts;
}
