import "server-only";
import { listTenantsForUser, type Role, type ServiceContext } from "@switchboard/core";
import { parseKeyring, type Keyring } from "@switchboard/keys";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env } from "@/env";
import { auth } from "./auth";
import { clientIp } from "./client-ip";
import { db } from "./db";
import { redis } from "./redis";

export const TENANT_COOKIE = "sb_tenant";

/** The switcher cookie: never readable by scripts, not sent on cross-site sub-requests, TLS-only on https. */
export function tenantCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, secure: isHttps(), path: "/", maxAge: 365 * 86400 };
}

export function isHttps(): boolean {
  return env().WEB_URL.startsWith("https://");
}

let keyringCache: Keyring | undefined;
export function keyring(): Keyring {
  keyringCache ??= parseKeyring(env().SECRETS_KEYRING);
  return keyringCache;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  // The JWT only proves who signed in; the row proves the account still exists.
  const user = await db().user.findUnique({ where: { id: session.user.id }, select: { id: true, email: true, name: true } });
  return user;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export interface Workspace {
  user: SessionUser;
  tenants: Awaited<ReturnType<typeof listTenantsForUser>>;
  tenant: { id: string; name: string; slug: string; status: string };
  role: Role;
  ctx: ServiceContext;
}

/**
 * The workspace for cookie-authenticated route handlers: like getWorkspace, but null instead of a
 * redirect when nobody is signed in or the user has no workspace.
 */
export async function sessionWorkspace(): Promise<Workspace | null> {
  const user = await currentUser();
  if (!user) return null;
  const tenants = await listTenantsForUser({ db: db(), userId: user.id });
  if (!tenants[0]) return null;
  return getWorkspace();
}

/**
 * The signed-in user's active workspace: the tenant from the switcher cookie if they are still a
 * member of it, otherwise their first. The role is read from the membership row on every
 * request, so a demotion takes effect immediately despite JWT sessions.
 */
export const getWorkspace = cache(async (): Promise<Workspace> => {
  const user = await requireUser();
  const tenants = await listTenantsForUser({ db: db(), userId: user.id });
  const first = tenants[0];
  if (!first) redirect("/onboarding");
  const wanted = (await cookies()).get(TENANT_COOKIE)?.value;
  const active = tenants.find((t) => t.id === wanted) ?? first;
  const ctx: ServiceContext = {
    db: db(),
    tenantId: active.id,
    actor: { type: "user", userId: user.id, role: active.role },
    redis: redis(),
    keyring: keyring(),
    ip: await clientIp(),
  };
  return { user, tenants, tenant: active, role: active.role, ctx };
});
