import { verifyEmail } from "@switchboard/core";
import { NextResponse } from "next/server";
import { env } from "@/env";
import { db } from "@/server/db";

export const dynamic = "force-dynamic";

/** The link in the verification mail. Single use; then on to sign-in with a banner. */
export async function GET(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  const email = await verifyEmail(db(), token);
  const to = new URL("/sign-in", env().WEB_URL);
  if (email) {
    to.searchParams.set("verified", "1");
    to.searchParams.set("email", email);
  } else to.searchParams.set("error", "verification");
  return NextResponse.redirect(to, { status: 303 });
}
