/**
 * Mail through nodemailer to the SMTP server of `SMTP_URL`
 * (`smtp://user:pass@host:587`, `smtps://…`); without it mail is held in
 * `mail_messages` for admins (server/mail/messages.ts).
 */
import nodemailer from "nodemailer";
import type { ServerConfig } from "../config.ts";

export interface Mail {
  /** Our id of the mail: its `Message-ID`, so a resend after a lost answer reads as the same mail. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  /** Hands the mail to the SMTP server (resolves once it accepted it). */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** The SMTP sender of `config`, or null when `SMTP_URL` is not set (mail is held). */
export function smtpSender(
  config: Pick<ServerConfig, "SMTP_URL" | "MAIL_FROM">,
): MailSender | null {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  const domain = config.MAIL_FROM.replace(/^.*@/, "").replace(/>.*$/, "");
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${mail.id}@${domain}>`,
      });
    },
    close: () => transport.close(),
  };
}
