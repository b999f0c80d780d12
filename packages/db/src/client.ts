import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface CreatePrismaClientOptions {
  /** pool size per process; keep replicas × poolSize under the server's max_connections */
  poolSize?: number;
  /** ms an idle pooled connection is kept open */
  idleTimeoutMillis?: number;
  /** ms to wait for a connection before failing the query */
  connectionTimeoutMillis?: number;
  /** shows in pg_stat_activity, to tell gateway, worker and web connections apart */
  applicationName?: string;
}

/** A Prisma 7 client over node-postgres (no native engine). Callers own it: `await db.$disconnect()`. */
export function createPrismaClient(connectionString: string, opts: CreatePrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000,
    application_name: opts.applicationName ?? "switchboard",
  });
  return new PrismaClient({ adapter });
}
