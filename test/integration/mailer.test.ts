/** The mailer: what the table's stream hands it (new outbox items) is delivered and marked. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

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
    // No SES sender is configured here: the message is kept in the outbox, marked as such.
    expect(Item).toMatchObject({ delivery: 'local', letterNumber: '测政公收〔2026〕1号' });
  });
});
