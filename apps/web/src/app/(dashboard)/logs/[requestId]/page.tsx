import { formatPicoUsd, getRequestLog, isServiceError } from "@switchboard/core";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 border-b border-line py-2 text-sm last:border-0">
      <dt className="text-muted">{label}</dt>
      <dd className="col-span-2 break-all">{children}</dd>
    </div>
  );
}

export default async function LogDetailPage({ params }: { params: Promise<{ requestId: string }> }) {
  const ws = await getWorkspace();
  const { requestId } = await params;
  let log;
  try {
    log = await getRequestLog({ ctx: ws.ctx, input: { requestId: decodeURIComponent(requestId) } });
  } catch (error) {
    if (isServiceError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const json = (v: unknown) => (v === null || v === undefined ? null : <pre className="max-h-96 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs">{JSON.stringify(v, null, 2)}</pre>);
  return (
    <>
      <Link href="/logs" className="text-sm text-muted hover:text-fg">
        ← Request logs
      </Link>
      <PageHeader title="Request" description={<code className="font-mono text-xs">{log.requestId}</code>} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Summary" />
          <CardBody>
            <dl>
              <Row label="Time">{fmtDateTime(log.createdAt)}</Row>
              <Row label="Status">
                <Badge tone={log.httpStatus < 400 ? "green" : "red"}>{log.httpStatus}</Badge> {log.outcome} {log.errorCode ? `· ${log.errorCode}` : ""}
              </Row>
              <Row label="Endpoint">{log.endpoint}</Row>
              <Row label="Requested model">{log.requestedModel}</Row>
              <Row label="Served by">{[log.servedModel, log.provider].filter(Boolean).join(" via ") || "—"}</Row>
              <Row label="Attempts">{log.attempts}</Row>
              <Row label="Key">{log.apiKey ? `${log.apiKey.name} (${log.apiKey.displayPrefix})` : "—"}</Row>
              <Row label="Stream / cache">{`${log.stream ? "streamed" : "buffered"} · ${log.cacheHit ? "cache hit" : "no cache hit"}`}</Row>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Tokens, cost and timing" />
          <CardBody>
            <dl>
              <Row label="Prompt tokens">{fmtInt(log.promptTokens)}</Row>
              <Row label="Completion tokens">{fmtInt(log.completionTokens)}</Row>
              <Row label="Cached / cache-write">{`${fmtInt(log.cachedTokens)} / ${fmtInt(log.cacheWriteTokens)}`}</Row>
              <Row label="Reasoning tokens">{fmtInt(log.reasoningTokens)}</Row>
              <Row label="Token counts">{log.tokensEstimated ? "estimated by the gateway" : "reported by the provider"}</Row>
              <Row label="Cost">{formatPicoUsd(log.costPicoUsd)}</Row>
              <Row label="Latency">{fmtInt(log.latencyMs)} ms</Row>
              <Row label="Time to first token">{log.ttftMs === null ? "—" : `${fmtInt(log.ttftMs)} ms`}</Row>
            </dl>
          </CardBody>
        </Card>
      </div>
      {log.attemptsDetail ? (
        <Card className="mt-6">
          <CardHeader title="Upstream attempts" />
          <CardBody>{json(log.attemptsDetail)}</CardBody>
        </Card>
      ) : null}
      <Card className="mt-6">
        <CardHeader title="Bodies" description="Stored only when the workspace opts in to request body logging." />
        <CardBody className="space-y-4">
          {log.requestBody || log.responseBody ? (
            <>
              {json(log.requestBody)}
              {json(log.responseBody)}
            </>
          ) : (
            <p className="text-sm text-muted">Not stored for this request.</p>
          )}
        </CardBody>
      </Card>
    </>
  );
}
