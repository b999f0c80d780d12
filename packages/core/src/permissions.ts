import { ServiceError } from "./errors.js";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | "tenant:read"
  | "tenant:rename"
  | "tenant:delete"
  | "billing:read"
  | "billing:manage"
  | "keys:read"
  | "keys:create"
  /** Revoke, rotate or change limits of any key; without it only keys the actor created. */
  | "keys:manage"
  | "budgets:read"
  | "budgets:write"
  | "alerts:read"
  | "members:read"
  | "members:write"
  /** Grant or take away the owner role, or remove an owner. */
  | "members:owner"
  | "tokens:read"
  | "tokens:write"
  | "credentials:read"
  | "credentials:write"
  | "routes:read"
  | "routes:write"
  | "usage:read"
  | "logs:read"
  | "playground:use"
  | "audit:read";

const READ: Permission[] = [
  "tenant:read",
  "keys:read",
  "budgets:read",
  "alerts:read",
  "members:read",
  "tokens:read",
  "credentials:read",
  "routes:read",
  "usage:read",
  "logs:read",
];

const ADMIN: Permission[] = [
  ...READ,
  "tenant:rename",
  "billing:read",
  "keys:create",
  "keys:manage",
  "budgets:write",
  "members:write",
  "tokens:write",
  "credentials:write",
  "routes:write",
  "playground:use",
  "audit:read",
];

/**
 * The role matrix, in one place so the UI (what to show) and the services (what to allow) can
 * never disagree. Owner: everything. Admin: everything but billing changes, the danger zone and
 * owner changes. Member: create keys, use the playground, read. Viewer: read only.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set<Permission>([...ADMIN, "tenant:delete", "billing:manage", "members:owner"]),
  admin: new Set<Permission>(ADMIN),
  member: new Set<Permission>([...READ, "keys:create", "playground:use"]),
  viewer: new Set<Permission>(READ),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new ServiceError("forbidden", `Your role (${role}) does not allow ${permission}`);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
