"use server";
import { createApiKey } from "@switchboard/core";
import { actionError, type ActionResult } from "@/server/action-result";
import { getWorkspace } from "@/server/workspace";

/** A key that expires in an hour, so trying the playground never leaves a live secret behind. */
export async function createTemporaryKey(): Promise<ActionResult<{ key: string }>> {
  try {
    const { ctx } = await getWorkspace();
    const { key } = await createApiKey({ ctx, input: { name: "Playground (temporary)", expiresAt: new Date(Date.now() + 3600_000), rpmLimit: 30 } });
    return { ok: true, data: { key } };
  } catch (error) {
    return actionError(error);
  }
}
