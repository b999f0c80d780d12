import { createTransport, type Transporter } from "nodemailer";
import { z } from "zod";

/**
 * Minimal SMTP sender for auth mails (verification, reset, invitations) until packages/email
 * owns templates. One transport per SMTP URL, reused, because a new TCP+EHLO per mail adds latency.
 */
export const mailSchema = z.object({
  to: z.string().email(),
  subject: z.string().min(1),
  text: z.string().min(1),
  html: z.string().optional(),
});
export type Mail = z.infer<typeof mailSchema>;

export interface MailConfig {
  smtpUrl: string;
  from: string;
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    const url = new URL(smtpUrl);
    // A local mail catcher has no TLS; only smtps:// or an explicit opt-in should require it.
    t = createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
      secure: url.protocol === "smtps:",
      ignoreTLS: url.protocol === "smtp:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost"),
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    });
    transports.set(smtpUrl, t);
  }
  return t;
}

export async function sendMail(config: MailConfig, mail: Mail): Promise<void> {
  const m = mailSchema.parse(mail);
  await transportFor(config.smtpUrl).sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** One plain, accessible layout for every auth mail: a sentence, a button, the raw link. */
export function actionMail(input: { to: string; subject: string; intro: string; actionLabel: string; url: string; outro?: string }): Mail {
  const outro = input.outro ?? "If you did not expect this email, you can ignore it.";
  return {
    to: input.to,
    subject: input.subject,
    text: `${input.intro}\n\n${input.actionLabel}: ${input.url}\n\n${outro}\n`,
    html: `<div style="font-family:system-ui,sans-serif;max-width:520px;margin:auto;padding:24px;color:#111">
<p style="font-size:15px;line-height:1.5">${escapeHtml(input.intro)}</p>
<p><a href="${escapeHtml(input.url)}" style="display:inline-block;background:#111;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(input.actionLabel)}</a></p>
<p style="font-size:12px;color:#666;word-break:break-all">${escapeHtml(input.url)}</p>
<p style="font-size:12px;color:#666">${escapeHtml(outro)}</p></div>`,
  };
}
