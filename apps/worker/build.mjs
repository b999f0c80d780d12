// Bundles the worker into one ESM file. Workspace packages (TypeScript sources) are bundled;
// everything from node_modules stays external and is resolved at run time (`packages: "external"`
// keeps bare imports, and our workspace packages are aliased in so they get compiled).
import { build } from "esbuild";
import { createRequire } from "node:module";
import { join } from "node:path";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  packages: "external",
  // Bundle our own workspace packages even though "external" would skip them.
  plugins: [
    {
      name: "bundle-workspace",
      setup(b) {
        // Workspace packages export their TypeScript entry ("./src/index.ts"); Node's resolver finds it.
        b.onResolve({ filter: /^@switchboard\// }, (args) => ({
          path: createRequire(join(args.resolveDir, "_.js")).resolve(args.path),
        }));
      },
    },
  ],
  // Some CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  logLevel: "info",
});
