import { redirect } from "next/navigation";
import { currentUser } from "@/server/workspace";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await currentUser()) ? "/overview" : "/sign-in");
}
