import { listModels } from "@switchboard/catalog";
import { can } from "@switchboard/core";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { getWorkspace } from "@/server/workspace";
import { Playground } from "./chat";

export const metadata: Metadata = { title: "Playground" };

export default async function PlaygroundPage() {
  const ws = await getWorkspace();
  const models = listModels().filter((m) => m.mode === "chat").map((m) => m.id);
  return (
    <>
      <PageHeader title="Playground" description="Chat with any model through the gateway, streaming." />
      <Playground models={models} canUse={can(ws.role, "playground:use")} gatewayUrl={env().GATEWAY_PUBLIC_URL} />
    </>
  );
}
