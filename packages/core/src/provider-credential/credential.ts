import { randomUUID } from "node:crypto";
import { encryptSecret } from "@switchboard/keys";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { ServiceCall } from "../context.js";
import { ServiceError } from "../errors.js";
import { invalidateTenant } from "../invalidation.js";
import { assertCan } from "../permissions.js";

export const createCredentialInput = z.object({
  provider: z.string().trim().min(1).max(50).regex(/^[a-z0-9][a-z0-9-_.]*$/, "Lowercase provider id, e.g. openai"),
  kind: z.string().trim().min(1).max(50).default("api_key"),
  name: z.string().trim().min(1, "Name is required").max(100),
  baseUrl: z.string().trim().url().nullable().default(null),
  secret: z.string().min(8, "That does not look like a provider key").max(10_000),
});

/**
 * Stored format (what the gateway's credential loader decrypts): the UTF-8 bytes of
 * `@switchboard/keys` `encryptSecret(secret, keyring, { context: credentialId })`, i.e.
 * `v<version>:<iv>:<tag>:<ciphertext>`, bound to the row id so it cannot be moved to another row.
 */
export function credentialContext(id: string): string {
  return `provider_credential:${id}`;
}

const publicSelect = { id: true, provider: true, kind: true, name: true, baseUrl: true, keyVersion: true, createdAt: true, updatedAt: true } as const;

export async function createProviderCredential({ ctx, input }: ServiceCall<z.input<typeof createCredentialInput>>) {
  assertCan(ctx.actor.role, "credentials:write");
  if (!ctx.keyring) throw new Error("SECRETS_KEYRING is not configured");
  const data = createCredentialInput.parse(input);
  const id = randomUUID();
  const ciphertext = encryptSecret(data.secret, ctx.keyring, { context: credentialContext(id) });
  const row = await ctx.db.$transaction(async (tx) => {
    const clash = await tx.providerCredential.findFirst({ where: { tenantId: ctx.tenantId, name: data.name }, select: { id: true } });
    if (clash) throw new ServiceError("conflict", "A credential with that name already exists", "name");
    const row = await tx.providerCredential.create({
      data: { id, tenantId: ctx.tenantId, provider: data.provider, kind: data.kind, name: data.name, baseUrl: data.baseUrl, encryptedSecret: Buffer.from(ciphertext, "utf8"), keyVersion: ctx.keyring!.current },
      select: publicSelect,
    });
    await writeAudit(tx, ctx, "provider_credential.create", { type: "provider_credential", id }, { provider: data.provider, name: data.name });
    return row;
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
  return row;
}

/** Never returns the secret, encrypted or not. */
export async function listProviderCredentials({ ctx }: ServiceCall<void>) {
  assertCan(ctx.actor.role, "credentials:read");
  return ctx.db.providerCredential.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "desc" }, select: publicSelect });
}

export async function deleteProviderCredential({ ctx, input }: ServiceCall<{ id: string }>): Promise<void> {
  assertCan(ctx.actor.role, "credentials:write");
  const { id } = z.object({ id: z.string().min(1) }).parse(input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.providerCredential.deleteMany({ where: { id, tenantId: ctx.tenantId } });
    if (count === 0) throw new ServiceError("not_found", "Credential not found");
    await writeAudit(tx, ctx, "provider_credential.delete", { type: "provider_credential", id });
  });
  await invalidateTenant(ctx.redis, ctx.tenantId);
}
