import "server-only";
import { createPrismaClient, type PrismaClient } from "@switchboard/db";
import { env } from "@/env";

// One pool per server process; dev hot reload would otherwise open a new pool per edit.
const g = globalThis as unknown as { sbDb?: PrismaClient };

export function db(): PrismaClient {
  g.sbDb ??= createPrismaClient(env().DATABASE_URL, { poolSize: 10, applicationName: "switchboard-web" });
  return g.sbDb;
}
