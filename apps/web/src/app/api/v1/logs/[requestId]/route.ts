import { getRequestLog } from "@switchboard/core";
import { json, managementRoute, money } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const GET = managementRoute<{ requestId: string }>(async (ctx, _req, { requestId }) => {
  const { costPicoUsd, apiKey, ...log } = await getRequestLog({ ctx, input: { requestId: decodeURIComponent(requestId) } });
  return json({ ...log, cost: money(costPicoUsd), api_key: apiKey });
});
