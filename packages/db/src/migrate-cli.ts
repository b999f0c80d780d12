// `pnpm --filter @switchboard/db migrate`: applies pending migrations to DATABASE_URL.
import { MigrationError, migrateDatabase } from "./migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}

try {
  const result = await migrateDatabase(url, { migrationsDir: process.env.MIGRATIONS_DIR, log: (line) => console.log(line) });
  if (result.unknownApplied.length > 0) {
    console.warn(`Applied in the database but not in this checkout (a newer release?): ${result.unknownApplied.join(", ")}`);
  }
  console.log(
    result.applied.length === 0
      ? `Database is up to date (${result.alreadyApplied.length} migrations).`
      : `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`,
  );
} catch (error) {
  console.error(error instanceof MigrationError ? `Migration refused: ${error.message}` : error);
  process.exit(1);
}
