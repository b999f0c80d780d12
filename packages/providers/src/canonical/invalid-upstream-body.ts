import { ProviderError } from "@switchboard/spec";
import type { z } from "zod";

/** A 2xx body that breaks the provider's schema is a bad gateway, retryable on another deployment. */
export function parseUpstreamBody<T>(schema: z.ZodType<T>, body: unknown, provider: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? issue.path.join(".") : "";
  throw new ProviderError({
    message: `Upstream ${provider} returned an invalid response body${where ? ` (at ${where})` : ""}: ${issue?.message ?? "schema mismatch"}`,
    status: 502,
    type: "upstream_error",
    code: "invalid_upstream_response",
    kind: "server",
    provider,
    cause: r.error,
  });
}
