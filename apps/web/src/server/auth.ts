import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { createTenant, hitRateLimit, verifyCredentials } from "@switchboard/core";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import Nodemailer from "next-auth/providers/nodemailer";
import { actionMail, sendMail } from "@switchboard/core";
import { env } from "@/env";
import { clientIp, ipFromRequest } from "./client-ip";
import { db } from "./db";
import { redis } from "./redis";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/** Sign-in failures the form explains; `code` travels to the page (Auth.js CredentialsSignin). */
class LockedError extends CredentialsSignin {
  override code = "locked";
}
class UnverifiedError extends CredentialsSignin {
  override code = "unverified";
}
class RateLimitedError extends CredentialsSignin {
  override code = "rate_limited";
}
class InvalidCredentialsError extends CredentialsSignin {
  override code = "invalid";
}

export const SIGN_IN_LIMIT = { attempts: 20, windowMs: 15 * 60_000 };

export function oauthProviders(): Array<{ id: string; name: string }> {
  const e = env();
  return [
    ...(e.GITHUB_ID && e.GITHUB_SECRET ? [{ id: "github", name: "GitHub" }] : []),
    ...(e.GOOGLE_ID && e.GOOGLE_SECRET ? [{ id: "google", name: "Google" }] : []),
  ];
}

function buildConfig(): NextAuthConfig {
  const e = env();
  const providers: Provider[] = [
    Credentials({
      id: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const limit = await hitRateLimit(redis(), `signin:${ipFromRequest(request)}`, SIGN_IN_LIMIT.attempts, SIGN_IN_LIMIT.windowMs);
        if (!limit.allowed) throw new RateLimitedError();
        const result = await verifyCredentials(db(), { email: String(raw.email ?? ""), password: String(raw.password ?? "") });
        if (result.ok) return result.user;
        if (result.reason === "locked") throw new LockedError();
        if (result.reason === "unverified") throw new UnverifiedError();
        throw new InvalidCredentialsError();
      },
    }),
    Nodemailer({
      server: e.SMTP_URL,
      from: e.MAIL_FROM,
      maxAge: 15 * 60,
      async sendVerificationRequest({ identifier, url }) {
        await sendMail(
          { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
          actionMail({ to: identifier, subject: "Your Switchboard sign-in link", intro: "Use this link to sign in to Switchboard. It works once, for 15 minutes.", actionLabel: "Sign in", url }),
        );
      },
    }),
  ];
  if (e.GITHUB_ID && e.GITHUB_SECRET) providers.push(GitHub({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  if (e.GOOGLE_ID && e.GOOGLE_SECRET) providers.push(Google({ clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET }));

  return {
    // The generated Prisma 7 client is structurally what the adapter needs; its nominal type is not.
    adapter: PrismaAdapter(db() as unknown as Parameters<typeof PrismaAdapter>[0]),
    // JWT sessions: the credentials provider cannot create database sessions, and a signed cookie
    // saves a query per request. Membership and role are still read fresh on every request.
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    secret: e.AUTH_SECRET,
    trustHost: true,
    // `__Secure-`/`__Host-` prefixed, Secure cookies whenever the public URL is https; Auth.js
    // cookies are always httpOnly and sameSite=lax.
    useSecureCookies: e.WEB_URL.startsWith("https://"),
    providers,
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    callbacks: {
      // Redirects stay on the public URL. Auth.js checks them against the request's origin, but Next.js
      // presents a loopback address (127.0.0.1, [::1]) as "localhost" (NextURL normalises it; AUTH_URL does
      // not help, the override goes through the same class), so on a loopback WEB_URL, like the start command's,
      // a magic link's callback sent the user to http://localhost:PORT/, where the session cookie just set for
      // 127.0.0.1 does not exist: signed out. Relative URLs and URLs on WEB_URL's origin pass; anything else goes home.
      redirect({ url }) {
        const site = new URL(e.WEB_URL);
        if (url.startsWith("/") && !url.startsWith("//")) return new URL(url, site).toString();
        try {
          const target = new URL(url);
          if (target.origin === site.origin) return target.toString();
        } catch {
          // not a URL: home
        }
        return site.origin;
      },
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // One audit row per workspace the user belongs to, so every owner sees sign-ins to theirs.
      async signIn({ user, account }) {
        if (!user.id) return;
        const memberships = await db().membership.findMany({ where: { userId: user.id }, select: { tenantId: true } });
        if (memberships.length === 0) return;
        const ip = await clientIp().catch(() => null);
        await db().auditLog.createMany({
          data: memberships.map((m) => ({ tenantId: m.tenantId, actorUserId: user.id!, actorType: "user" as const, action: "user.sign_in", targetType: "user", targetId: user.id!, metadata: { method: account?.provider ?? "unknown" }, ip })),
        });
      },
      // Users created by the adapter (magic link, OAuth) get their first workspace here;
      // password sign-ups create theirs in the same transaction as the user.
      async createUser({ user }) {
        if (!user.id) return;
        const label = user.name?.split(" ")[0] ?? user.email?.split("@")[0] ?? "My";
        await createTenant({ db: db(), input: { name: `${label}'s workspace`, userId: user.id } });
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
