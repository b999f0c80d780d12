import { db } from "@/server/db";

export const dynamic = "force-dynamic";

/** Readiness: Postgres answers. Redis is not required to serve the dashboard read-only. */
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ready", checks: { postgres: "ok" } });
  } catch (error) {
    console.error("[ready] postgres check failed", error);
    return Response.json({ status: "unavailable", checks: { postgres: "error" } }, { status: 503 });
  }
}
