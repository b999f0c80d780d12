import "server-only";
import { actionMail, sendMail } from "@switchboard/core";
import { env } from "@/env";

function config() {
  return { smtpUrl: env().SMTP_URL, from: env().MAIL_FROM };
}

export function appUrl(path: string): string {
  return new URL(path, env().WEB_URL).toString();
}

export async function sendVerificationMail(to: string, token: string): Promise<void> {
  await sendMail(
    config(),
    actionMail({ to, subject: "Verify your email for Switchboard", intro: "Confirm your email address to finish creating your Switchboard account.", actionLabel: "Verify email", url: appUrl(`/auth/verify?token=${token}`) }),
  );
}

export async function sendPasswordResetMail(to: string, token: string): Promise<void> {
  await sendMail(
    config(),
    actionMail({ to, subject: "Reset your Switchboard password", intro: "Someone asked to reset the password for this account. The link works once, for one hour.", actionLabel: "Choose a new password", url: appUrl(`/reset-password?token=${token}`) }),
  );
}

export async function sendInvitationMail(to: string, token: string, tenantName: string, inviter: string): Promise<void> {
  await sendMail(
    config(),
    actionMail({ to, subject: `Join ${tenantName} on Switchboard`, intro: `${inviter} invited you to the ${tenantName} workspace on Switchboard.`, actionLabel: "Accept invitation", url: appUrl(`/invite/${token}`) }),
  );
}
