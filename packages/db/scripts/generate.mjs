// Runs `prisma generate` (Prisma 7) without network access.
//
// The Prisma 7 CLI wants a native schema engine binary before any command; offline its download
// fails and every command dies with ENOTFOUND binaries.prisma.sh. `generate` never executes that
// binary (it uses the bundled wasm), so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// is enough. A real binary set by the user is respected.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
const given = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!given || !existsSync(given)) {
  const placeholderDir = join(pkgDir, "node_modules", ".cache", "switchboard-db");
  mkdirSync(placeholderDir, { recursive: true });
  const placeholder = join(placeholderDir, "schema-engine-placeholder");
  if (!existsSync(placeholder)) writeFileSync(placeholder, "#!/bin/sh\necho 'placeholder: see packages/db/scripts/generate.mjs' >&2\nexit 1\n", { mode: 0o755 });
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
}

const require = createRequire(join(pkgDir, "package.json"));
const cli = join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
const result = spawnSync(process.execPath, [cli, "generate", "--config", join(pkgDir, "prisma.config.ts"), ...process.argv.slice(2)], {
  cwd: pkgDir,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
