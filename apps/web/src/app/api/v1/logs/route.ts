import { listRequestLogs } from "@switchboard/core";
import { json, managementRoute, money } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const GET = managementRoute(async (ctx, req) => {
  const q = new URL(req.url).searchParams;
  const opt = (k: string) => q.get(k) ?? undefined;
  const page = await listRequestLogs({
    ctx,
    input: {
      limit: opt("limit") as unknown as number | undefined,
      cursor: opt("cursor"),
      apiKeyId: opt("api_key_id"),
      model: opt("model"),
      provider: opt("provider"),
      outcome: opt("outcome") as "success" | undefined,
      status: opt("status") as unknown as number | undefined,
      from: opt("from") as unknown as Date | undefined,
      to: opt("to") as unknown as Date | undefined,
    },
  });
  return json({
    object: "list",
    next_cursor: page.nextCursor,
    data: page.items.map((l) => ({
      request_id: l.requestId,
      created_at: l.createdAt,
      api_key_id: l.apiKeyId,
      endpoint: l.endpoint,
      requested_model: l.requestedModel,
      served_model: l.servedModel,
      provider: l.provider,
      attempts: l.attempts,
      http_status: l.httpStatus,
      outcome: l.outcome,
      error_code: l.errorCode,
      stream: l.stream,
      cache_hit: l.cacheHit,
      prompt_tokens: l.promptTokens,
      completion_tokens: l.completionTokens,
      cost: money(l.costPicoUsd),
      latency_ms: l.latencyMs,
      ttft_ms: l.ttftMs,
    })),
  });
});
