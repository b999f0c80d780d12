import { listModels, listProviders } from "@switchboard/catalog";
import { can, formatPicoUsd, listProviderCredentials, listRoutes } from "@switchboard/core";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtCompact, fmtDate } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";
import { CredentialForm, DeleteButton, RouteForm } from "./forms";

export const metadata: Metadata = { title: "Models & routing" };

/** Catalog prices are micro-USD per 1M tokens; picodollars are 1e6 of those. */
const perMtok = (micro: number | undefined) => (micro === undefined ? "—" : formatPicoUsd(BigInt(micro) * 1_000_000n));

export default async function ModelsPage() {
  const ws = await getWorkspace();
  const [routes, credentials] = await Promise.all([listRoutes({ ctx: ws.ctx, input: undefined }), listProviderCredentials({ ctx: ws.ctx, input: undefined })]);
  const models = listModels();
  const providers = listProviders().map((p) => ({ id: p.id, name: p.name }));
  const canRoutes = can(ws.role, "routes:write");
  const canCreds = can(ws.role, "credentials:write");
  return (
    <>
      <PageHeader title="Models & routing" description="The catalog with current prices, your routes, and your own provider keys (BYOK)." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Routes" description="Aliases that fan out to one or more models, with fallback." />
          {routes.length ? (
            <Table label="Routes">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Strategy</Th>
                  <Th>Targets</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {routes.map((r) => (
                  <tr key={r.id}>
                    <Td className="font-mono text-xs">
                      {r.name} {r.enabled ? null : <Badge tone="amber">disabled</Badge>}
                    </Td>
                    <Td>{r.strategy}</Td>
                    <Td className="max-w-64 truncate text-xs text-muted">{(r.targets as Array<{ model: string }>).map((t) => t.model).join(" → ")}</Td>
                    <Td className="text-right">{canRoutes ? <DeleteButton id={r.id} kind="route" label={`route ${r.name}`} /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <CardBody>
              <p className="text-sm text-muted">No routes yet: requests use catalog model ids directly.</p>
            </CardBody>
          )}
          {canRoutes ? (
            <CardBody className="border-t border-line">
              <RouteForm credentials={credentials.map((c) => ({ id: c.id, name: c.name }))} />
            </CardBody>
          ) : null}
        </Card>

        <Card>
          <CardHeader title="Provider credentials (BYOK)" description="Use your own provider accounts. Secrets are encrypted at rest and never displayed." />
          {credentials.length ? (
            <Table label="Provider credentials">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Provider</Th>
                  <Th>Added</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {credentials.map((c) => (
                  <tr key={c.id}>
                    <Td className="font-medium">{c.name}</Td>
                    <Td className="text-muted">{c.provider}</Td>
                    <Td className="text-muted">{fmtDate(c.createdAt)}</Td>
                    <Td className="text-right">{canCreds ? <DeleteButton id={c.id} kind="credential" label={`credential ${c.name}`} /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <CardBody>
              <p className="text-sm text-muted">No credentials: requests use the platform&apos;s provider accounts.</p>
            </CardBody>
          )}
          {canCreds ? (
            <CardBody className="border-t border-line">
              <CredentialForm providers={providers} />
            </CardBody>
          ) : null}
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader title="Model catalog" description={`${models.length} models · prices per 1M tokens`} />
        <Table label="Model catalog">
          <thead>
            <tr>
              <Th>Model</Th>
              <Th>Provider</Th>
              <Th className="text-right">Context</Th>
              <Th className="text-right">Input</Th>
              <Th className="text-right">Output</Th>
              <Th className="text-right">Cached input</Th>
              <Th>Capabilities</Th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => {
              const price = m.prices[m.prices.length - 1];
              const caps = Object.entries(m.capabilities).filter(([, v]) => v).map(([k]) => k);
              return (
                <tr key={m.id}>
                  <Td>
                    <div className="font-mono text-xs">{m.id}</div>
                    {m.aliases.length ? <div className="text-xs text-muted">aka {m.aliases.join(", ")}</div> : null}
                  </Td>
                  <Td className="text-muted">{m.provider}</Td>
                  <Td className="text-right tabular-nums">{fmtCompact(m.contextWindow)}</Td>
                  <Td className="text-right tabular-nums">{perMtok(price?.inputPerMtok)}</Td>
                  <Td className="text-right tabular-nums">{perMtok(price?.outputPerMtok)}</Td>
                  <Td className="text-right tabular-nums">{perMtok(price?.cachedInputPerMtok)}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {caps.map((c) => (
                        <Badge key={c} tone="blue">
                          {c}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>

    </>
  );
}
