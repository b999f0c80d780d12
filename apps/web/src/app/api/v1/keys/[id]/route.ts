import { getApiKey, updateApiKey } from "@switchboard/core";
import { z } from "zod";
import { json, keyJson, managementRoute, readJson } from "@/server/management-api";

export const dynamic = "force-dynamic";

export const GET = managementRoute<{ id: string }>(async (ctx, _req, { id }) => json(keyJson(await getApiKey({ ctx, input: { id } }))));

const patchBody = z.object({
  name: z.string().optional(),
  allowed_models: z.array(z.string()).optional(),
  rpm_limit: z.number().int().nullable().optional(),
  tpm_limit: z.number().int().nullable().optional(),
  expires_at: z.coerce.date().nullable().optional(),
});

export const PATCH = managementRoute<{ id: string }>(async (ctx, req, { id }) => {
  const b = patchBody.parse(await readJson(req));
  const k = await updateApiKey({ ctx, input: { id, name: b.name, allowedModels: b.allowed_models, rpmLimit: b.rpm_limit, tpmLimit: b.tpm_limit, expiresAt: b.expires_at } });
  return json(keyJson(k));
});
