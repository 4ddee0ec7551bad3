/** The mailer: what the table's stream hands it (new outbox items) is delivered and marked. */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
    const keys = await import('#store/keys.ts');
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
    // Another pending item whose change (not its insertion) the stream reports: not the mailer's to send.
    const changed = { ...mail, receiptNumber: 'ST-2026-00002' };
    const changedKey = keys.outbox(changed.agencyId, changed.at, changed.receiptNumber, changed.version);
    await db.send(new PutCommand({ TableName: tableName, Item: { ...changedKey, ...changed } }));

    await handler({
      Records: [
        { eventName: 'MODIFY', dynamodb: { NewImage: marshall({ ...changedKey, ...changed }) } },
        { eventName: 'INSERT', dynamodb: { NewImage: marshall({ ...key, ...mail }) } },
      ],
    });

    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    // No sender is configured by default: the message is kept in the outbox, marked as such.
    expect(Item).toMatchObject({ delivery: deliveredAs, letterNumber: '测政公收〔2026〕1号' });
    const { Item: left } = await db.send(new GetCommand({ TableName: tableName, Key: changedKey }));
    expect(left).toMatchObject({ delivery: 'pending' });
  });

  /** A 受理回执 in the outbox, handed to `deliver` directly. */
  async function outboxReceipt(n: number, to: string, text: string) {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const keys = await import('#store/keys.ts');
    const { outboxPut } = await import('#store/outbox.ts');
    const receiptNumber = `SM-2026-0000${n}`;
    const mail = {
      agencyId: 'smtp-test',
      receiptNumber,
      letterNumber: '受理回执',
      version: 0,
      to,
      subject: `政府信息公开申请受理回执（${receiptNumber}）`,
      text,
      at: `2026-11-25T0${n}:00:00.000Z`,
      delivery: 'pending' as const,
    };
    // Written as a step writes it: on the list of mail pending too.
    await db.send(new PutCommand(outboxPut(mail).Put));
    const key = keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version);
    const stored = async () => (await db.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
    return { mail, stored };
  }

  /**
   * `work` with the platform's mail going through SMTP to `port`, the local poller held still so only
   * `work` delivers; the environment restored after.
   */
  async function throughSmtp(port: number, work: () => Promise<void>) {
    const saved = { ...process.env };
    Object.assign(process.env, smtpEnvironment(port));
    platform.pauseWorkers(true);
    try {
      await work();
    } finally {
      platform.pauseWorkers(false);
      process.env = saved;
    }
  }

  it("sends through the SMTP transport to the county's mail server: sender, recipient, Chinese subject and text", async () => {
    const { deliver } = await import('#store/delivery.ts');
    const server = await startSmtpServer();
    try {
      await throughSmtp(server.port, async () => {
        const { mail, stored } = await outboxReceipt(
          1,
          'wangxiulan@example.com',
          '王秀兰：露水河镇人民政府已收到您的政府信息公开申请，受理编号 SM-2026-00001。',
        );
        expect(await deliver(mail)).toBe('sent');
        expect(server.received).toHaveLength(1);
        const [received] = server.received;
        expect(received!.from).toBe('gongkai@fusong.example');
        expect(received!.to).toEqual(['wangxiulan@example.com']);
        expect(received!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
        expect(bodyOf(received!.raw)).toContain('受理编号 SM-2026-00001');
        expect(await stored()).toMatchObject({ delivery: 'sent', messageId: expect.stringContaining('@') });
      });
    } finally {
      await server.stop();
    }
  });

  it('sends a message once when two deliveries of it overlap (the mailer’s and the sweep’s retry), and records it sent', async () => {
    const { deliver } = await import('#store/delivery.ts');
    const server = await startSmtpServer();
    try {
      await throughSmtp(server.port, async () => {
        const { mail, stored } = await outboxReceipt(3, 'lijun@example.com', '李军：受理编号 SM-2026-00003。');
        await Promise.all([deliver(mail), deliver(mail)]);
        expect(server.received).toHaveLength(1);
        expect(await stored()).toMatchObject({ delivery: 'sent', messageId: expect.stringContaining('@') });
        expect((await stored())?.gsi1pk).toBeUndefined(); // off the list of mail pending
      });
    } finally {
      await server.stop();
    }
  });

  it('keeps a message sent when an attempt that outlived its lease records its failure after', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const keys = await import('#store/keys.ts');
    const { deliver } = await import('#store/delivery.ts');
    const [unreachable, server] = await Promise.all([startSmtpServer(), startSmtpServer()]);
    await unreachable.stop();
    let second: string | undefined;
    let message: Record<string, unknown> | undefined;
    try {
      await throughSmtp(unreachable.port, async () => {
        const { mail, stored } = await outboxReceipt(4, 'zhouli@example.com', '周丽：受理编号 SM-2026-00004。');
        // The first attempt's send fails slowly: its lease runs out, and a second attempt, through a
        // mail server that answers, sends the message before the first records its failure.
        const leaseRunsOut = new UpdateCommand({
          TableName: tableName,
          Key: keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
          UpdateExpression: 'SET claimedUntil = :past',
          ExpressionAttributeValues: { ':past': '2000-01-01T00:00:00.000Z' },
        });
        db.middlewareStack.add(
          (next) => async (args) => {
            const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
            if (second === undefined && input.ExpressionAttributeValues?.[':delivery'] === 'failed') {
              second = 'running';
              await db.send(leaseRunsOut);
              Object.assign(process.env, smtpEnvironment(server.port));
              second = await deliver(mail);
            }
            return next(args);
          },
          { step: 'initialize', name: 'secondAttemptMidFailure' },
        );
        expect(await deliver(mail)).toBe('failed');
        message = await stored();
      });
    } finally {
      db.middlewareStack.remove('secondAttemptMidFailure');
      await server.stop();
    }
    expect(second).toBe('sent');
    expect(server.received).toHaveLength(1);
    expect(message).toMatchObject({ delivery: 'sent', messageId: expect.stringContaining('@') });
    expect(message?.gsi1pk).toBeUndefined(); // off the list of mail pending: its service can be recorded
  });

  it('sends a message whose attempt died holding its claim at the next retry of mail pending, not the daily sweep', async () => {
    const { db, tableName } = await import('#lib/dynamo.ts');
    const keys = await import('#store/keys.ts');
    const { handler } = await import('../../functions/sweep/handler.ts');
    const server = await startSmtpServer();
    try {
      await throughSmtp(server.port, async () => {
        const { mail, stored } = await outboxReceipt(5, 'wangfang@example.com', '王芳：受理编号 SM-2026-00005。');
        // The mailer claimed it and died mid-send: the stream's retry finds the claim held, and gives up.
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
            UpdateExpression: 'SET deliveryClaim = :claim, claimedUntil = :past',
            ExpressionAttributeValues: { ':claim': 'died', ':past': '2000-01-01T00:00:00.000Z' },
          }),
        );
        // The schedule's invocation (every 10 minutes): the mail pending, and not the day's sweep.
        const result = await handler({ retry: 'mail' });
        expect(result).toMatchObject({ retried: expect.any(Number), sent: expect.any(Number) });
        expect(result).not.toHaveProperty('ranAt');
        expect(server.received.map((m) => m.to)).toContainEqual(['wangfang@example.com']);
        expect(await stored()).toMatchObject({ delivery: 'sent' });
      });
    } finally {
      await server.stop();
    }
  });

  it('records a failed delivery, for the sweep to retry, when the mail server cannot be reached', async () => {
    const { deliver } = await import('#store/delivery.ts');
    const server = await startSmtpServer();
    await server.stop(); // nothing listens on the port now
    await throughSmtp(server.port, async () => {
      const { mail, stored } = await outboxReceipt(2, 'a@example.com', 't');
      expect(await deliver(mail)).toBe('failed');
      // Still on the list of mail pending (its index keys kept), for the sweep's retry.
      expect(await stored()).toMatchObject({ delivery: 'failed', gsi1pk: expect.any(String) });
    });
  });
});
