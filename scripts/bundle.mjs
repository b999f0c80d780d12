// Bundles an app entry into one ESM file for production (`node dist/main.js`): our workspace packages
// (TypeScript source) are compiled in; third-party packages stay external and load from node_modules,
// so each app lists the runtime dependencies of the packages it bundles.
//   node ../../scripts/bundle.mjs src/main.ts dist/main.js
import { build } from "esbuild";

const [entry = "src/main.ts", outfile = "dist/main.js"] = process.argv.slice(2);

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  plugins: [
    {
      name: "external-deps",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@switchboard/") ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  // CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
