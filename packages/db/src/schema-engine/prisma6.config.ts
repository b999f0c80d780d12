// Prisma 6.19.3 CLI config used only by ./run.ts (offline migration tooling). Prisma 6 ships its
// schema engine as WebAssembly and runs it over a driver adapter; Prisma 7 has no such route.
// Inputs come from the environment because the CLI loads this file itself.
import { defineConfig } from "prisma6/config";
import { createSchemaEngineAdapter } from "./char-type-fix";

const databaseUrl = process.env.SB_SCHEMA_ENGINE_DATABASE_URL ?? "postgresql://postgres@localhost:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.SB_SCHEMA_ENGINE_SCHEMA,
  migrations: { path: process.env.SB_SCHEMA_ENGINE_MIGRATIONS },
  adapter: async () => createSchemaEngineAdapter(databaseUrl),
});
