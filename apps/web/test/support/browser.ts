import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { WEB_DIR } from "./web-server";

export const RESULTS_DIR = path.join(WEB_DIR, "test-results");

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Full-page screenshot into apps/web/test-results/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Debian's chromium through playwright-core, with a throwaway profile per session. */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-e2e-profile-"));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // A persistent context is how playwright takes a user-data-dir: a fresh, throwaway profile.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 1360, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, animations: "disabled" });
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
