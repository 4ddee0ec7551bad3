/** The mailer: what the table's stream hands it (new outbox items) is delivered and marked. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredAs, startTestPlatform } from '../support/platform.ts';
import { bodyOf, smtpEnvironment, startSmtpServer } from '../support/smtp.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

describe('the mailer', () => {
  it('delivers new outbox items from the stream and records the result, leaving other records alone', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { keys } = await import('#store/design.ts');
    const { handler } = await import('../../functions/mailer/handler.ts');
    // An agency the local poller does not list, so only the handler can deliver this item.
    const mail = {
      agencyId: 'stream-test',
      receiptNumber: 'ST-2026-00001',
      letterNumber: '测政公收〔2026〕1号',
      version: 2,
      to: 'a@example.com',
      subject: 's',
      text: 't',
      at: '2026-11-25T01:00:00.000Z',
      delivery: 'pending',
    };
    const key = keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version);
    await db.send(new PutCommand({ TableName: tableName, Item: { ...key, ...mail } }));

    await handler({
      Records: [
        { eventName: 'MODIFY', dynamodb: { NewImage: marshall({ ...key, ...mail, receiptNumber: 'ignored' }) } },
        { eventName: 'INSERT', dynamodb: { NewImage: marshall({ ...key, ...mail }) } },
      ],
    });

    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    // No sender is configured by default: the message is kept in the outbox, marked as such.
    expect(Item).toMatchObject({ delivery: deliveredAs, letterNumber: '测政公收〔2026〕1号' });
  });

  it("sends through the SMTP transport to the county's mail server: sender, recipient, Chinese subject and text", async () => {
    const { deliver } = await import('#store/delivery.ts');
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { keys } = await import('#store/design.ts');
    const server = await startSmtpServer();
    const saved = { ...process.env };
    Object.assign(process.env, smtpEnvironment(server.port));
    try {
      const mail = {
        agencyId: 'smtp-test',
        receiptNumber: 'SM-2026-00001',
        letterNumber: '受理回执',
        version: 0,
        to: 'wangxiulan@example.com',
        subject: '政府信息公开申请受理回执（SM-2026-00001）',
        text: '王秀兰：露水河镇人民政府已收到您的政府信息公开申请，受理编号 SM-2026-00001。',
        at: '2026-11-25T02:00:00.000Z',
        delivery: 'pending' as const,
      };
      const key = keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version);
      await db.send(new PutCommand({ TableName: tableName, Item: { ...key, ...mail } }));
      expect(await deliver(mail)).toBe('sent');
      expect(server.received).toHaveLength(1);
      const [received] = server.received;
      expect(received!.from).toBe('gongkai@fusong.example');
      expect(received!.to).toEqual(['wangxiulan@example.com']);
      expect(received!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
      expect(bodyOf(received!.raw)).toContain('受理编号 SM-2026-00001');
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key }));
      expect(Item).toMatchObject({ delivery: 'sent', messageId: expect.stringContaining('@') });
    } finally {
      process.env = saved;
      await server.stop();
    }
  });

  it('records a failed delivery, for the sweep to retry, when the mail server cannot be reached', async () => {
    const { deliver } = await import('#store/delivery.ts');
    const server = await startSmtpServer();
    await server.stop(); // nothing listens on the port now
    const saved = { ...process.env };
    Object.assign(process.env, smtpEnvironment(server.port));
    try {
      const mail = {
        agencyId: 'smtp-test',
        receiptNumber: 'SM-2026-00002',
        letterNumber: '受理回执',
        version: 0,
        to: 'a@example.com',
        subject: 's',
        text: 't',
        at: '2026-11-25T03:00:00.000Z',
        delivery: 'pending' as const,
      };
      expect(await deliver(mail)).toBe('failed');
    } finally {
      process.env = saved;
    }
  });
});
