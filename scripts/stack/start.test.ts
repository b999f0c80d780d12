import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { getFreePort } from "@switchboard/devstack";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The README's start command, for real: the whole stack on embedded defaults (with its own ports and
 * data folder), then the printed curl and the printed demo login, then Ctrl-C. Builds come from the
 * test command's build step (`--skip-build`).
 */
describe("start command", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-start-"));
  fs.chmodSync(dataDir, 0o755);
  let child: ReturnType<typeof spawn> | null = null;
  afterAll(() => {
    child?.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints a working curl and a demo login that reaches the dashboard, and stops cleanly on Ctrl-C", async () => {
    const ports = {
      WEB_PORT: await getFreePort(), GATEWAY_PORT: await getFreePort(), WORKER_PORT: await getFreePort(), MOCK_PROVIDER_PORT: await getFreePort(),
      EMBEDDED_PG_PORT: await getFreePort(), EMBEDDED_REDIS_PORT: await getFreePort(), MAIL_SMTP_PORT: await getFreePort(), MAIL_WEB_PORT: await getFreePort(),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), SB_DATA_DIR: dataDir };
    for (const k of ["DATABASE_URL", "REDIS_URL", "SMTP_URL"]) delete env[k];
    child = spawn(process.execPath, ["--import", "tsx", "scripts/stack/start.ts", "--skip-build"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 150_000;
    while (!out.includes("Press Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`start exited early:\n${out}`);
      if (Date.now() > deadline) throw new Error(`start did not become ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const clean = out.replace(/\x1b\[[0-9;]*m/g, "");

    // The printed curl, run as printed.
    const curl = clean.slice(clean.indexOf("curl "), clean.indexOf("Press Ctrl-C")).trim();
    const res = spawnSync("sh", ["-c", curl], { encoding: "utf8" });
    const completion = JSON.parse(res.stdout) as { object: string; choices: Array<{ message: { content: string } }> };
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toContain("Mock reply");

    // The printed demo login, in a real browser.
    const [, email, password] = /Demo login\s+(\S+) \/ (\S+)/.exec(clean) ?? [];
    const dashboard = /Dashboard\s+(http:\/\/\S+)/.exec(clean)?.[1];
    expect(email && password && dashboard).toBeTruthy();
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sb-start-browser-"));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.goto(`${dashboard}/sign-in`);
      await page.fill("#email", email!);
      await page.fill("#password", password!);
      await page.click("form button[type=submit]");
      await page.waitForURL(/\/overview/, { timeout: 30_000 });
      await page.getByRole("heading", { name: "Overview" }).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("active-tenant").first().textContent()).toContain("Acme");
      // The overview's quick-start curl names a model this stack serves (the mock's, with no provider keys).
      expect(await page.locator("pre", { hasText: "chat/completions" }).first().textContent()).toContain('"model": "gpt-mock"');
    } finally {
      await ctx.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }

    // Ctrl-C stops everything.
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child!.once("exit", resolve));
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toContain("stopped");
  }, 240_000);
});
