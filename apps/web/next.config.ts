import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages export TypeScript source, so Next compiles them like app code.
  transpilePackages: [
    "@switchboard/billing",
    "@switchboard/catalog",
    "@switchboard/config",
    "@switchboard/core",
    "@switchboard/db",
    "@switchboard/email",
    "@switchboard/keys",
    "@switchboard/spec",
  ],
  // Prisma's driver adapter and ioredis use Node built-ins; keep them out of the server bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "ioredis", "nodemailer", "bcryptjs"],
  // `next dev` opened through 127.0.0.1 otherwise refuses dev resources (HMR, chunks).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  // src/proxy.ts sets security headers (and the CSP nonce) on everything it sees; static chunks
  // skip the proxy, so they get the static subset here.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  // Workspace packages use TypeScript's ESM convention (`./x.js` naming `./x.ts`). Turbopack in
  // Next 16.4 cannot map that (vercel/next.js#82945), so dev and build run on webpack with this alias.
  webpack(cfg: { resolve: { extensionAlias?: Record<string, string[]> } }) {
    cfg.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] };
    return cfg;
  },
  typedRoutes: false,
};

export default config;
