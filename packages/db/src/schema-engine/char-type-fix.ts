// Makes @prisma/adapter-pg@6.19.3 usable by Prisma 6's wasm schema engine on PostgreSQL.
//
// The engine's introspection queries return `"char"` (oid 18, e.g. pg_constraint.contype) and
// `name` (oid 19) columns, which that adapter version refuses to deserialize (prisma/orm#27403)
// and which the engine then needs as Character and Text respectively; mapping `"char"` to text
// is not enough (the engine traps with `unreachable`). We wrap the adapter rather than
// `pnpm patch` it so the fix stays inside this package and disappears with the tooling.
import { PrismaPg } from "adapter-pg6";

const PG_CHAR = 18;
const PG_NAME = 19;
const PG_TEXT = 25;
// ColumnTypeEnum.Character in @prisma/driver-adapter-utils 6.19.3
const COLUMN_TYPE_CHARACTER = 6;

interface PgFieldLike {
  dataTypeID: number;
}
interface PgResultLike {
  fields?: PgFieldLike[];
  rows: object;
}
interface ResultSetLike {
  columnTypes: number[];
  rows: object;
}
// The slice of the adapter's queryable (adapter and transactions) that we intercept.
interface QueryableLike {
  performIO(query: unknown): Promise<PgResultLike>;
  queryRaw(query: unknown): Promise<ResultSetLike>;
  startTransaction?: (...args: unknown[]) => Promise<unknown>;
}

const charColumns = new WeakMap<object, number[]>();

function patchQueryable<T>(target: T): T {
  const queryable = target as unknown as QueryableLike;
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const chars: number[] = [];
    result.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR) {
        chars.push(index);
        field.dataTypeID = PG_TEXT;
      } else if (field.dataTypeID === PG_NAME) {
        field.dataTypeID = PG_TEXT;
      }
    });
    // queryRaw returns pg's rows array unchanged, so it identifies the result across the call
    if (chars.length > 0) charColumns.set(result.rows, chars);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = COLUMN_TYPE_CHARACTER;
    return resultSet;
  };
  const startTransaction = queryable.startTransaction?.bind(queryable);
  if (startTransaction) queryable.startTransaction = async (...args) => patchQueryable(await startTransaction(...args));
  return target;
}

/** Connection fields, not a URL: with a URL the adapter's shadow database would reuse the main one. */
export function pgConfigFromUrl(connectionString: string) {
  const url = new URL(connectionString);
  return {
    host: decodeURIComponent(url.hostname) || "localhost",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
    // short, so the engine's shadow database can be dropped right after use
    idleTimeoutMillis: 100,
  };
}

/** A driver adapter factory for Prisma 6's `engine: "js"` migrate/introspect commands. */
export function createSchemaEngineAdapter(connectionString: string) {
  const inner = new PrismaPg(pgConfigFromUrl(connectionString));
  const factory: Pick<PrismaPg, "provider" | "adapterName" | "connect" | "connectToShadowDb"> = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patchQueryable(await inner.connect()),
    connectToShadowDb: async () => patchQueryable(await inner.connectToShadowDb()),
  };
  return factory;
}
