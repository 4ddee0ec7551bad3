/**
 * E-mail to applicants, through one of two transports the deployment chooses (`MAIL_TRANSPORT`):
 * - `ses` (the default where a sender is set): Amazon SES from the verified sender;
 * - `smtp`: the county's own mail server (where SES is not offered, as in the AWS China regions),
 *   through nodemailer, with the account's credentials read once from Secrets Manager
 *   (`SMTP_SECRET`, a JSON secret `{ "username", "password" }`) or none for a relay that needs none.
 * Without a sender nothing is sent and the message stays in the agency's outbox for the console to
 * show. A transport's client loads on first use, so functions that never send mail do not pay for it.
 *
 * SMS, where citizens read it rather than e-mail, would be a third transport here: a provider with
 * templates approved in advance (the texts of applicant-mail.ts, shortened), the number on file as
 * the address; the outbox, retries and redaction stay as they are.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Transporter } from 'nodemailer';
import { env, positiveIntegerEnv, requireEnv } from './config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export type MailResult = { delivery: 'sent'; messageId: string } | { delivery: 'local' };

interface MailTransport {
  send(mail: Mail, from: string): Promise<string>;
}

const sesTransport = (): MailTransport => {
  let client: SESv2Client | undefined;
  return {
    async send(mail, from) {
      const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      client ??= new SESv2Client({ maxAttempts: 2 });
      const { MessageId } = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return MessageId ?? '';
    },
  };
};

/** The SMTP account's credentials, from the secret the deployment names (none: an open relay). */
async function smtpCredentials(): Promise<{ user: string; pass: string } | undefined> {
  const secretId = process.env[env.smtpSecret];
  if (!secretId) return undefined;
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient({ maxAttempts: 2 }).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  const { username, password } = JSON.parse(SecretString ?? '{}') as { username?: string; password?: string };
  if (!username || !password) throw new Error(`The SMTP secret ${secretId} lacks username or password`);
  return { user: username, pass: password };
}

const smtpTransport = (): MailTransport => {
  let transporter: Promise<Transporter> | undefined;
  const connect = async () => {
    const { createTransport } = await import('nodemailer');
    // 465 (TLS from the first byte) unless the deployment names another port (cdk context smtpPort).
    const port = positiveIntegerEnv(env.smtpPort, 465);
    const auth = await smtpCredentials();
    return createTransport({
      host: requireEnv(env.smtpHost),
      port,
      // 465: TLS from the first byte; other ports upgrade with STARTTLS, required unless the relay is loopback.
      secure: port === 465,
      requireTLS: port !== 465 && process.env[env.smtpTls] !== 'optional',
      ...(auth && { auth }),
      connectionTimeout: 10_000,
      socketTimeout: 20_000,
    });
  };
  return {
    async send(mail, from) {
      transporter ??= connect().catch((error) => {
        transporter = undefined;
        throw error;
      });
      const { messageId } = await (await transporter).sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
      return messageId;
    },
  };
};

const smtpChosen = () => process.env[env.mailTransport] === 'smtp';
/** The transport for the configuration in force, kept (with its client or connection) while it holds. */
let current: { key: string; transport: MailTransport } | undefined;

export async function sendMail(mail: Mail): Promise<MailResult> {
  const sender = process.env[env.mailFrom];
  if (!sender) return { delivery: 'local' };
  const smtp = smtpChosen();
  const key = [smtp, process.env[env.smtpHost], process.env[env.smtpPort], process.env[env.smtpSecret]].join(' ');
  if (current?.key !== key) current = { key, transport: smtp ? smtpTransport() : sesTransport() };
  return { delivery: 'sent', messageId: await current.transport.send(mail, sender) };
}
