import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

describe("docker-compose.yml", () => {
  it("validates with docker-compose (no engine needed)", () => {
    const res = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], { cwd: root, encoding: "utf8" });
    expect(res.error, "docker-compose is installed by scripts/bootstrap.sh --browser").toBeUndefined();
    expect(res.status, res.stderr).toBe(0);
  });

  it("runs Postgres 17, Redis 7, Mailpit and builds each app the way the start command does", () => {
    const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8")) as { services: Record<string, { image?: string; build?: { dockerfile: string; args?: { APP?: string } } }> };
    expect(compose.services.postgres?.image).toBe("postgres:17");
    expect(compose.services.redis?.image).toBe("redis:7");
    expect(compose.services.mailpit?.image).toContain("mailpit");
    const dockerfile = fs.readFileSync(path.join(root, "scripts/docker/Dockerfile"), "utf8");
    const start = fs.readFileSync(path.join(root, "scripts/stack/start.ts"), "utf8");
    for (const app of ["gateway", "worker", "web", "mock-provider"]) {
      const svc = compose.services[app];
      expect(svc?.build?.dockerfile).toBe("scripts/docker/Dockerfile");
      expect(svc?.build?.args?.APP).toBe(app);
      // Same package, same turbo build task in both places.
      expect(start).toContain(`--filter=@switchboard/${app}`);
      const pkgDir = app === "mock-provider" ? "packages/mock-provider" : `apps/${app}`;
      const pkg = JSON.parse(fs.readFileSync(path.join(root, pkgDir, "package.json"), "utf8")) as { name: string; scripts: Record<string, string> };
      expect(pkg.name).toBe(`@switchboard/${app}`);
      expect(pkg.scripts.build).toBeTruthy();
    }
    expect(dockerfile).toContain("pnpm exec turbo run build --filter=@switchboard/${APP}");
    expect(dockerfile).toContain("pnpm --filter @switchboard/db run generate");
  });
});
