import { rotateApiKey } from "@switchboard/core";
import { json, keyJson, managementRoute } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string }>(async (ctx, _req, { id }) => {
  const { key, apiKey } = await rotateApiKey({ ctx, input: { id } });
  return json({ ...keyJson(apiKey), key });
});
