import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { WEB_DIR } from "./web-server";

export const RESULTS_DIR = path.join(WEB_DIR, "test-results");

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface BrowserSession {
  browser: Browser;
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`],
  });
  const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true, animations: "disabled" });
    },
    async close() {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
