/**
 * E-mail to applicants. In AWS it goes through SES from the configured sender; locally (no sender
 * configured) nothing is sent and the message stays in the agency's outbox for the console to show.
 * The SES client loads on first use, so functions that never send mail do not pay for it at start.
 */
import { env } from './config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export type MailResult = { delivery: 'sent'; messageId: string } | { delivery: 'local' };

const sender = process.env[env.mailFrom];

export async function sendMail(mail: Mail): Promise<MailResult> {
  if (!sender) return { delivery: 'local' };
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  const ses = new SESv2Client({ maxAttempts: 2 });
  const { MessageId } = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: sender,
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
        },
      },
    }),
  );
  return { delivery: 'sent', messageId: MessageId ?? '' };
}
