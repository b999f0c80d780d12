// @switchboard/db: the Prisma client built from prisma/schema.prisma, migrations, seed, catalog sync.
// Apps pass connection strings in; nothing here reads the environment.
export * from "./generated/prisma/client";
export { createPrismaClient, type CreatePrismaClientOptions } from "./client";
export {
  defaultMigrationsDir,
  migrateDatabase,
  migrationChecksum,
  readMigrations,
  MigrationError,
  type LocalMigration,
  type MigrateOptions,
  type MigrateResult,
} from "./migrate";
export { seedDemo, DEMO_BUDGET_PICO_USD, DEMO_TENANT_SLUG, DEMO_USER_EMAIL, type SeedDemoOptions, type SeedDemoResult } from "./seed";
export {
  syncCatalog,
  type CatalogModelInput,
  type CatalogPriceInput,
  type MicroUsdPerMtok,
  type SyncCatalogResult,
} from "./catalog-sync";
