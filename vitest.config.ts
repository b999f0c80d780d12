import { defineConfig } from "vitest/config";

// One test run for the whole monorepo: tests sit beside the code (`*.test.ts`).
// Integration tests get real PostgreSQL and Redis from packages/testing's global setup.
export default defineConfig({
  test: {
    include: ["apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "bench/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/.next/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["packages/testing/src/global-setup.ts"],
  },
});
