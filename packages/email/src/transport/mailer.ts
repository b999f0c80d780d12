import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string | string[];
  subject: string;
  html: string;
  text: string;
  /** Overrides the mailer's default From. */
  from?: string;
  /** Extra headers, e.g. a stable Message-ID or X-Switchboard-Alert for tracing. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  /** Checks the SMTP connection and credentials (used by the worker's readiness probe). */
  verify(): Promise<boolean>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port, or smtps:// for implicit TLS. */
  smtpUrl: string;
  from: string;
  /** Pool connections: alert bursts reuse sockets instead of a TCP + SMTP handshake per mail. */
  pool?: boolean;
}

function addresses(list: ReadonlyArray<string | { address: string }> | undefined): string[] {
  return (list ?? []).map((a) => (typeof a === "string" ? a : a.address));
}

/** An SMTP mailer over nodemailer: the one library that speaks every SMTP dialect we may meet. */
export function createMailer(opts: MailerOptions): Mailer {
  const url = new URL(opts.smtpUrl);
  if (opts.pool) url.searchParams.set("pool", "true");
  const transport: Transporter = nodemailer.createTransport(url.toString());
  return {
    async send(message) {
      const to = Array.isArray(message.to) ? message.to : [message.to];
      if (to.length === 0) throw new Error("mail has no recipients");
      const info = await transport.sendMail({
        from: message.from ?? opts.from,
        to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
      });
      return {
        messageId: String(info.messageId),
        accepted: addresses(info.accepted as ReadonlyArray<string | { address: string }>),
        rejected: addresses(info.rejected as ReadonlyArray<string | { address: string }>),
      };
    },
    async verify() {
      return transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

/** One-off send without keeping a mailer around (scripts, the web app's occasional mail). */
export async function sendMail(opts: MailerOptions, message: MailMessage): Promise<SentMail> {
  const mailer = createMailer(opts);
  try {
    return await mailer.send(message);
  } finally {
    mailer.close();
  }
}
