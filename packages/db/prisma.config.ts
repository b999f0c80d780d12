// Prisma 7 CLI config: `generate` here offline; `migrate deploy/status/dev` for anyone whose
// machine can download Prisma's schema engine (see prisma/README.md).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: {
    path: "../../prisma/migrations",
  },
  datasource: {
    // `generate` needs no database; env("DATABASE_URL") would throw when it is unset.
    url: process.env.DATABASE_URL ?? "",
  },
});
