import { revokeApiKey } from "@switchboard/core";
import { json, keyJson, managementRoute } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const POST = managementRoute<{ id: string }>(async (ctx, _req, { id }) => json(keyJson(await revokeApiKey({ ctx, input: { id } }))));
