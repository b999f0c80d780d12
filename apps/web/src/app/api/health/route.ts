/** Liveness: the process serves requests. Deliberately touches no dependency. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
