import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { waitForPort } from "./ports.js";
import { stopChild } from "./redis.js";

export interface MailInboxHandle {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

export interface InboxMessage {
  id: string;
  subject: string;
  to: Array<{ address: string }>;
  from: Array<{ address: string }>;
  text?: string;
  html?: string;
}

const require = createRequire(import.meta.url);

/** A local SMTP inbox with a web UI (maildev 2), run as a child process (its library form traps SIGINT and exits). */
export async function startMailInbox(opts: { smtpPort: number; webPort: number; log?: (m: string) => void }): Promise<MailInboxHandle> {
  const bin = path.join(path.dirname(require.resolve("maildev/package.json")), "bin", "maildev");
  const child = spawn(process.execPath, [bin, "--smtp", String(opts.smtpPort), "--web", String(opts.webPort), "--ip", "127.0.0.1", "--silent"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  child.stderr?.on("data", (d: Buffer) => opts.log?.(d.toString()));
  await waitForPort(opts.smtpPort);
  await waitForPort(opts.webPort);
  return {
    smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`,
    webUrl: `http://127.0.0.1:${opts.webPort}`,
    stop: () => stopChild(child),
  };
}

/** Read all messages from a maildev inbox's REST API. */
export async function listInbox(webUrl: string): Promise<InboxMessage[]> {
  const res = await fetch(`${webUrl}/email`);
  if (!res.ok) throw new Error(`inbox returned ${res.status}`);
  return (await res.json()) as InboxMessage[];
}

/** Poll the inbox until a message matching `predicate` arrives. */
export async function waitForMail(webUrl: string, predicate: (m: InboxMessage) => boolean, timeoutMs = 15_000): Promise<InboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listInbox(webUrl)).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("expected mail did not arrive in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}
