import { can, getTenant, listManagementTokens, listMembers, ROLES } from "@switchboard/core";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { fmtDate, fmtRelative } from "@/lib/format";
import { getWorkspace } from "@/server/workspace";
import { BodiesForm, DeleteWorkspaceForm, InviteForm, MemberControls, RenameForm, RevokeButton, TokenForm } from "./forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ws = await getWorkspace();
  const [{ members, invitations }, tokens] = await Promise.all([listMembers({ ctx: ws.ctx, input: undefined }), listManagementTokens({ ctx: ws.ctx, input: undefined })]);
  const canMembers = can(ws.role, "members:write");
  const canOwners = can(ws.role, "members:owner");
  return (
    <>
      <PageHeader title="Settings" description={`Workspace ${ws.tenant.name} · you are ${ws.role}`} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="General" />
          <CardBody>
            <RenameForm name={ws.tenant.name} disabled={!can(ws.role, "tenant:rename")} />
            <div className="mt-4">
              <BodiesForm enabled={(await getTenant({ ctx: ws.ctx, input: undefined })).storeRequestBodies} disabled={!can(ws.role, "tenant:rename")} />
              <p className="mt-1 text-xs text-muted">Off by default: bodies are personal data. When on, each request log keeps up to 64 KB of each.</p>
            </div>
            <p className="mt-3 text-xs text-muted">
              Workspace id <code className="font-mono">{ws.tenant.id}</code> · slug <code className="font-mono">{ws.tenant.slug}</code>
            </p>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Members" description="Owner: everything. Admin: all but billing, owners and deletion. Member: create keys, playground, read. Viewer: read-only." />
          <Table label="Members">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th>Role</Th>
                <Th>Joined</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const self = m.userId === ws.user.id;
                const touchesOwner = m.role === "owner";
                const roles = canMembers && (!touchesOwner || canOwners) ? ROLES.filter((r) => r !== "owner" || canOwners) : [];
                return (
                  <tr key={m.id}>
                    <Td>
                      <div className="font-medium">
                        {m.user.name ?? m.user.email} {self ? <span className="text-xs text-muted">(you)</span> : null}
                      </div>
                      <div className="text-xs text-muted">{m.user.email}</div>
                    </Td>
                    <Td>
                      <Badge tone={m.role === "owner" ? "violet" : m.role === "admin" ? "blue" : "neutral"}>{m.role}</Badge>
                    </Td>
                    <Td className="text-muted">{fmtDate(m.createdAt)}</Td>
                    <Td>
                      <MemberControls membershipId={m.id} role={m.role} roles={roles} canRemove={self || (canMembers && (!touchesOwner || canOwners))} isSelf={self} />
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          {canMembers ? (
            <CardBody className="border-t border-line">
              <InviteForm canInviteOwner={canOwners} />
            </CardBody>
          ) : null}
        </Card>

        {invitations.length ? (
          <Card>
            <CardHeader title="Pending invitations" />
            <Table label="Pending invitations">
              <thead>
                <tr>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Invited by</Th>
                  <Th>Expires</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <Td>{i.email}</Td>
                    <Td>{i.role}</Td>
                    <Td className="text-muted">{i.invitedBy?.name ?? i.invitedBy?.email ?? "—"}</Td>
                    <Td className="text-muted">{fmtDate(i.expiresAt)}</Td>
                    <Td className="text-right">{canMembers ? <RevokeButton id={i.id} kind="invitation" /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        ) : null}

        <Card>
          <CardHeader title="Management API tokens" description="Bearer tokens for /api/v1 (keys, budgets, usage, logs), scoped to this workspace. See openapi.yaml." />
          {tokens.length ? (
            <Table label="Management tokens">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Token</Th>
                  <Th>Access</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td>
                      <code className="font-mono text-xs">{t.displayPrefix}</code>
                    </Td>
                    <Td>{t.scopes.includes("write") ? "read & write" : "read-only"}</Td>
                    <Td className="text-muted">{fmtRelative(t.lastUsedAt)}</Td>
                    <Td>{t.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                    <Td className="text-right">{!t.revokedAt && can(ws.role, "tokens:write") ? <RevokeButton id={t.id} kind="token" /> : null}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {can(ws.role, "tokens:write") ? (
            <CardBody className="border-t border-line">
              <TokenForm />
            </CardBody>
          ) : null}
        </Card>

        {can(ws.role, "tenant:delete") ? (
          <Card className="border-red-500/40">
            <CardHeader title="Danger zone" description="Deleting the workspace revokes every key immediately and removes its data. Workspaces with billing history cannot be deleted." />
            <CardBody>
              <DeleteWorkspaceForm name={ws.tenant.name} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
