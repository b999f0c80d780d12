import { isServiceError, listApiKeys, picoToDecimalString, usageByModelDay } from "@switchboard/core";
import { parseUsageSearch, toServiceFilter } from "@/lib/usage-filter";
import { currentUser, getWorkspace } from "@/server/workspace";

export const dynamic = "force-dynamic";

function csvCell(v: string): string {
  // Quote everything that could break a row, and defuse spreadsheet formulas (=, +, -, @).
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV of the usage page's current filter: one row per day × model × provider, exact USD. */
export async function GET(req: Request) {
  if (!(await currentUser())) return Response.json({ error: { message: "Sign in first", type: "unauthorized", code: "unauthorized" } }, { status: 401 });
  const ws = await getWorkspace();
  const search = parseUsageSearch(Object.fromEntries(new URL(req.url).searchParams));
  try {
    const rows = await usageByModelDay({ ctx: ws.ctx, input: toServiceFilter(search) });
    const keyName = search.key ? ((await listApiKeys({ ctx: ws.ctx, input: {} })).find((k) => k.id === search.key)?.name ?? search.key) : "all";
    const header = ["day", "model", "provider", "api_key", "requests", "errors", "cache_hits", "prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens", "cost_usd", "avg_latency_ms"];
    const lines = [header.join(",")];
    for (const r of rows) {
      const avg = r.requests > 0n ? (r.latencyMsSum / r.requests).toString() : "";
      lines.push(
        [r.day, r.model, r.provider, keyName, r.requests, r.errors, r.cacheHits, r.promptTokens, r.completionTokens, r.cachedTokens, r.reasoningTokens, picoToDecimalString(r.costPicoUsd), avg]
          .map((v) => csvCell(String(v)))
          .join(","),
      );
    }
    return new Response(lines.join("\n") + "\n", {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="usage-${search.from}-to-${search.to}.csv"`, "cache-control": "no-store" },
    });
  } catch (error) {
    if (isServiceError(error)) return Response.json({ error: { message: error.message, type: "invalid_request_error", code: error.code } }, { status: 400 });
    throw error;
  }
}
