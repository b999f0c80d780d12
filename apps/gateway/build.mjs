// Bundles the gateway (and the workspace packages it imports, which ship TypeScript source) into one
// ESM file; third-party packages stay external and load from node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  // Workspace packages are TypeScript source and get bundled; every other bare import stays external.
  plugins: [{
    name: "external-deps",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@switchboard/") ? undefined : { path: args.path, external: true }));
    },
  }],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});
