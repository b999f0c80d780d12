import { can } from "@switchboard/core";
import { z } from "zod";
import { env } from "@/env";
import { currentUser, getWorkspace } from "@/server/workspace";

export const dynamic = "force-dynamic";

const body = z.object({
  apiKey: z.string().regex(/^sk-sb-[0-9A-Za-z]{40}$/, "Paste a Switchboard API key (sk-sb-…)"),
  model: z.string().min(1).max(200),
  messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(100_000) })).min(1).max(100),
  temperature: z.number().min(0).max(2).optional(),
});

/**
 * Same-origin proxy to the gateway for the playground: the browser cannot call the gateway
 * directly without CORS, and going through the real gateway keeps auth, limits, budgets and
 * metering exactly as for any client. The response stream is passed through untouched.
 */
export async function POST(req: Request) {
  if (!(await currentUser())) return Response.json({ error: { message: "Sign in first", type: "unauthorized", code: "unauthorized" } }, { status: 401 });
  const ws = await getWorkspace();
  if (!can(ws.role, "playground:use")) return Response.json({ error: { message: "Your role cannot use the playground", type: "forbidden", code: "forbidden" } }, { status: 403 });
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: { message: parsed.error.issues[0]?.message ?? "Invalid request", type: "invalid_request_error", code: "invalid" } }, { status: 400 });
  const { apiKey, ...payload } = parsed.data;
  let upstream: Response;
  try {
    upstream = await fetch(`${env().GATEWAY_PUBLIC_URL.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ ...payload, stream: true, stream_options: { include_usage: true } }),
      signal: req.signal,
    });
  } catch {
    return Response.json({ error: { message: `The gateway at ${env().GATEWAY_PUBLIC_URL} is not reachable`, type: "gateway_unreachable", code: "unavailable" } }, { status: 502 });
  }
  const headers = new Headers({ "content-type": upstream.headers.get("content-type") ?? "text/event-stream", "cache-control": "no-store" });
  for (const [k, v] of upstream.headers) if (k.startsWith("x-switchboard") || k.startsWith("x-request-id")) headers.set(k, v);
  return new Response(upstream.body, { status: upstream.status, headers });
}
