/** Delivery of the outbox's e-mail: by the mailer as items are written, and retried by the sweep. */
import { metric } from '#lib/metrics.ts';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { errorFields, log, withLogFields } from '#lib/log.ts';
import { sendMail } from '#lib/mail.ts';
import type { OutboxMail } from './outbox.ts';
import * as keys from './keys.ts';
import { pendingMail } from './outbox.ts';

/**
 * Hands one message to the mail service and records the result. A failure is recorded, not thrown:
 * the step that wrote the message has succeeded, and the sweep retries failed and pending mail.
 */
export async function deliver(mail: OutboxMail): Promise<OutboxMail['delivery']> {
  let result: Pick<OutboxMail, 'delivery' | 'messageId'>;
  try {
    result = await sendMail(mail);
  } catch (error) {
    log.warn('mail delivery failed', {
      receiptNumber: mail.receiptNumber,
      letterNumber: mail.letterNumber,
      ...errorFields(error),
    });
    result = { delivery: 'failed' };
    metric('MailFailed');
  }
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
      // Delivered, it leaves the list of mail pending; failed, it stays there for the sweep.
      // The time of sending is the proof of an e-mailed letter's service (送达).
      UpdateExpression: `SET delivery = :delivery, messageId = :id, deliveredAt = :at${result.delivery === 'failed' ? '' : ' REMOVE gsi1pk, gsi1sk'}`,
      ExpressionAttributeValues: {
        ':delivery': result.delivery,
        ':id': result.messageId ?? null,
        ':at': new Date().toISOString(),
      },
    }),
  );
  // Under the id of the request that wrote the message (the caller's log fields).
  log.info('mail delivery recorded', { delivery: result.delivery });
  return result.delivery;
}

/** Messages read per round of the retry. */
const round = 100;

/**
 * Every message not yet sent (pending, or failed before), from the list of mail pending, not from
 * every agency's outbox: the sweep's retry, and the local stand-in for the stream. A message that
 * fails again stays on the list; each is tried once per call.
 */
export async function deliverPending(): Promise<{ retried: number; sent: number }> {
  const result = { retried: 0, sent: 0 };
  const tried = new Set<string>();
  for (
    let page = await pendingMail(round);
    page.some((m) => !tried.has(m.at + m.receiptNumber + m.version));
    page = await pendingMail(round + tried.size)
  ) {
    for (const mail of page) {
      const id = mail.at + mail.receiptNumber + mail.version;
      if (tried.has(id)) continue;
      tried.add(id);
      // The list is an index and may lag: the message itself says whether the mailer sent it meanwhile.
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.outbox(mail.agencyId, mail.at, mail.receiptNumber, mail.version),
          ConsistentRead: true,
        }),
      );
      if (Item?.delivery !== 'pending' && Item?.delivery !== 'failed') continue;
      result.retried += 1;
      // The retry's lines carry the request that wrote the message, as its first delivery's did.
      if ((await withLogFields({ requestId: mail.requestId }, () => deliver(mail))) === 'sent') result.sent += 1;
    }
  }
  return result;
}
