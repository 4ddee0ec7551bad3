/**
 * A local SMTP server (smtp-server, from nodemailer's authors) that keeps what it receives: the
 * stand-in for a county's mail server when the platform sends through the SMTP transport. Plain
 * SMTP on loopback (no STARTTLS, no AUTH), so the transport runs with SMTP_TLS=optional.
 */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../cdk/local/services.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtpServer(): Promise<{
  port: number;
  received: ReceivedMail[];
  stop(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        received.push({
          from: mailFrom ? mailFrom.address : '',
          to: rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  // A platform stopped mid-delivery resets its connection: the client's loss, not the server's.
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The environment that sends the platform's mail through the SMTP transport to `port`. */
export const smtpEnvironment = (port: number) => ({
  MAIL_FROM: 'gongkai@fusong.example',
  MAIL_TRANSPORT: 'smtp',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_TLS: 'optional',
});

/** A message's text part as sent (nodemailer's quoted-printable or base64), decoded. */
export function bodyOf(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    return Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}
