import { usageByModelDay } from "@switchboard/core";
import { json, managementRoute, money } from "@/server/management-api";

export const dynamic = "force-dynamic";

/** Usage by model and UTC day. `from`/`to` are inclusive YYYY-MM-DD; default: the last 30 days. */
export const GET = managementRoute(async (ctx, req) => {
  const q = new URL(req.url).searchParams;
  const to = q.get("to") ?? new Date().toISOString().slice(0, 10);
  const from = q.get("from") ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const rows = await usageByModelDay({
    ctx,
    input: { from, to, apiKeyId: q.get("api_key_id") ?? undefined, model: q.get("model") ?? undefined, provider: q.get("provider") ?? undefined },
  });
  return json({
    object: "list",
    from,
    to,
    data: rows.map((r) => ({
      day: r.day,
      model: r.model,
      provider: r.provider,
      requests: r.requests,
      errors: r.errors,
      cache_hits: r.cacheHits,
      prompt_tokens: r.promptTokens,
      completion_tokens: r.completionTokens,
      cached_tokens: r.cachedTokens,
      reasoning_tokens: r.reasoningTokens,
      cost: money(r.costPicoUsd),
      latency_ms_sum: r.latencyMsSum,
    })),
  });
});
